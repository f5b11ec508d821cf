import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/next-auth-options";
import { requestContextFrom } from "@/lib/http/request-context";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so sign-in and sign-out are audited with the caller's address and agent.
async function handler(request: NextRequest, context: Context) {
  return NextAuth(request, context, authOptions(requestContextFrom(request.headers))) as Promise<Response>;
}

export { handler as GET, handler as POST };
