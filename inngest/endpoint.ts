import type { NextRequest } from "next/server";
import { serve } from "inngest/next";
import { env } from "@/lib/env";
import { inngest } from "./client";
import { functions } from "./index";

type Handler = (request: NextRequest, context: unknown) => Promise<Response>;

/**
 * The serve() endpoint at /api/inngest, hardened against being re-registered by anyone:
 * - `serveOrigin` is pinned to the app's configured public URL (NEXTAUTH_URL), so the URL the app registers
 *   with Inngest never comes from the request's Host header;
 * - `enableUnauthedSync: false`: outside dev mode (INNGEST_DEV unset, i.e. production with INNGEST_SIGNING_KEY)
 *   every request, sync (PUT) included, must carry a valid `X-Inngest-Signature`, checked by the SDK; an
 *   unsigned PUT is a 401 and sends nothing. Syncs come from Inngest itself (signed) or its REST API.
 * In dev mode (`npm run dev`, the e2e server: INNGEST_DEV=1) nothing is signed: the local stand-in
 * (scripts/workflows/) syncs in band with an unsigned PUT, as the Inngest dev server does.
 * Built on first use: configuration is read at run time, never by `next build`.
 */
function createEndpoint() {
  return serve({ client: inngest, functions, serveOrigin: env().appUrl, enableUnauthedSync: false });
}

let endpoint: ReturnType<typeof createEndpoint> | undefined;

function handlerFor(method: "GET" | "POST" | "PUT"): Handler {
  return (request, context) => {
    endpoint ??= createEndpoint();
    return endpoint[method](request, context);
  };
}

export const inngestEndpoint = { GET: handlerFor("GET"), POST: handlerFor("POST"), PUT: handlerFor("PUT") };
