import { identityDocument } from "@/lib/advisor/clients";
import { requireUser } from "@/lib/auth/guards";
import { requestContextFrom } from "@/lib/http/request-context";
import { apiRoute } from "@/lib/http/respond";

/** An identity document, for its owner or the client's advisor (signed in; never a public file). */
export const GET = apiRoute<{ params: Promise<{ userId: string }> }>(async (request, { params }) => {
  const actor = await requireUser();
  const document = await identityDocument(actor, (await params).userId, requestContextFrom(request.headers));
  return new Response(new Uint8Array(document.content), {
    headers: {
      "content-type": document.type,
      "content-disposition": "inline",
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      // Shown on its own: no scripts, no forms, even if a document tried.
      "content-security-policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    },
  });
});
