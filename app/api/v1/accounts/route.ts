import { requireUser } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";
import { requestContextFrom } from "@/lib/http/request-context";
import { apiRoute } from "@/lib/http/respond";
import { createStaffAccount, listAccounts } from "@/lib/users/staff";

export const GET = apiRoute(async () => {
  const accounts = await listAccounts(await requireUser(["ADMIN"]));
  return Response.json({ accounts });
});

/** Admins create advisor and admin accounts: { name, email, password, role }. */
export const POST = apiRoute(async (request) => {
  const actor = await requireUser(["ADMIN"]);
  const account = await createStaffAccount(actor, await readJson(request), requestContextFrom(request.headers));
  return Response.json(account, { status: 201 });
});
