import { requireAccountReader } from "@/lib/auth/guards";
import { documentsOfAccount } from "@/lib/documents/documents";
import { apiRoute } from "@/lib/http/respond";

/** The account's statements and trade confirmations, newest first, each with where to download its PDF. */
export const GET = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { account } = await requireAccountReader(request, (await params).id);
  const documents = await documentsOfAccount(account.id);
  return Response.json({
    documents: documents.map((d) => ({
      id: d.id,
      type: d.kind === "STATEMENT" ? "statement" : "trade_confirmation",
      title: d.title,
      periodStart: d.periodStart,
      periodEnd: d.periodEnd,
      monthToDate: d.monthToDate,
      fileName: d.fileName,
      sizeBytes: d.size,
      sha256: d.sha256,
      createdAt: d.createdAt.toISOString(),
      download: `/api/v1/accounts/${account.id}/documents/${d.id}`,
    })),
  });
});
