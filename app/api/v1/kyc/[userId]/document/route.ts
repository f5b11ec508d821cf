import { identityDocument } from "@/lib/advisor/clients";
import { userRoute } from "@/lib/http/route-client";

/** An identity document, for its owner or the client's advisor (signed in; never a public file). */
export const GET = userRoute<{ userId: string }>({}, async ({ user, params, context }) => {
  const document = await identityDocument(user, params.userId, context);
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
