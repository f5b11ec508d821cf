import { requireAccountReader } from "@/lib/auth/guards";
import { accountDocumentFile, pdfResponse } from "@/lib/documents/documents";
import { apiRoute } from "@/lib/http/respond";

/** One of the account's documents as a PDF (application/pdf, an attachment); 404 for another account's. */
export const GET = apiRoute<{ params: Promise<{ id: string; documentId: string }> }>(async (request, { params }) => {
  const { id, documentId } = await params;
  const { account } = await requireAccountReader(request, id);
  return pdfResponse(await accountDocumentFile(account.id, documentId));
});
