import { z } from "zod";
import { adminRoute } from "@/lib/http/route-client";
import { createStaffAccount, listAccounts } from "@/lib/users/staff";

export const GET = adminRoute({}, async ({ user }) => Response.json({ accounts: await listAccounts(user) }));

/** Admins create advisor and admin accounts: { name, email, password, role } (lib/users/staff checks each). */
export const POST = adminRoute({ input: z.record(z.string(), z.unknown()), stepUp: true }, async ({ user, input, context }) => {
  const account = await createStaffAccount(user, input, context);
  return Response.json(account, { status: 201 });
});
