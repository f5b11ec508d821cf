import NextAuth from "next-auth";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/next-auth-options";
import { env } from "@/lib/env";
import { requestContextFrom } from "@/lib/http/request-context";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so sign-in and sign-out are audited with the caller's address and agent, and so an
// OpenID callback knows the session it arrives in (linking needs that session's own link intent).
async function handler(request: NextRequest, context: Context) {
  const token = await getToken({ req: request, secret: env().AUTH_SECRET });
  const sessionId = typeof token?.sid === "string" ? token.sid : null;
  return NextAuth(request, context, authOptions(requestContextFrom(request.headers), sessionId)) as Promise<Response>;
}

export { handler as GET, handler as POST };
