import { randomBytes } from "node:crypto";
import { createAccount } from "../../lib/auth/accounts";
import type { Role } from "../../lib/auth/roles";
import type { CurrentUser } from "../../lib/auth/sessions";
import { NO_REQUEST_CONTEXT, type RequestContext } from "../../lib/http/request-context";

export const TEST_PASSWORD = "a quiet harbour at dawn";

export const browser = (ip = "203.0.113.10"): RequestContext => ({ ip, userAgent: "vitest" });

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}.${randomBytes(5).toString("hex")}@example.com`;
}

/**
 * An account as the signed-in user that server-side checks see (its session id is not used here), its email
 * confirmed unless `emailVerified` is false.
 */
export async function createUser(
  role: Role = "INVESTOR",
  name = `${role.toLowerCase()} ${randomBytes(2).toString("hex")}`,
  { emailVerified = true } = {},
): Promise<CurrentUser> {
  const account = await createAccount({ name, email: uniqueEmail(role.toLowerCase()), password: TEST_PASSWORD }, role, {
    actorId: null,
    context: NO_REQUEST_CONTEXT,
  });
  if (emailVerified) {
    const { db } = await import("../../lib/db");
    await db.user.update({ where: { id: account.id }, data: { emailVerifiedAt: new Date() } });
  }
  return { ...account, sessionId: "00000000-0000-0000-0000-000000000000" };
}

/**
 * An investor with their investment account and its ledger account ids; `verified` also records an approved
 * identity check, which deposits and investing need.
 */
export async function createInvestor({ verified = false } = {}) {
  const user = await createUser("INVESTOR");
  if (verified) await (await import("./kyc")).approveKyc(user.id, user.name);
  const { db } = await import("../../lib/db");
  const { investorLedger } = await import("../../lib/ledger/accounts");
  const account = await db.investmentAccount.findFirstOrThrow({ where: { userId: user.id } });
  return { user, accountId: account.id, ledger: await investorLedger(db, account.id) };
}
