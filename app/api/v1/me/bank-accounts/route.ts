import { requireApiReader } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/respond";
import { listBankAccounts } from "@/lib/payments/bank-accounts";
import { bankAccountJson } from "@/lib/payments/recurring/api-views";

/** The caller's linked bank accounts (not the removed ones): a token or the browser session. */
export const GET = apiRoute(async (request) => {
  const user = await requireApiReader(request);
  return Response.json({ bankAccounts: (await listBankAccounts(user.id)).map(bankAccountJson) });
});
