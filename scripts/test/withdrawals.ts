import { randomUUID } from "node:crypto";
import { db } from "../../lib/db";

/**
 * A bank account linked as the bank-linking flow leaves it (lib/payments/bank-accounts.ts): Stripe's test bank,
 * verified `daysAgo` days ago unless said otherwise. `last4` picks Stripe's test number: 6789 is paid, 1113 is
 * returned (account closed).
 */
export async function linkBank(userId: string, { daysAgo = 30, status = "VERIFIED", last4 = "6789", removed = false } = {}) {
  const at = new Date(Date.now() - daysAgo * 86_400_000);
  return db.linkedBankAccount.create({
    data: {
      userId,
      stripePaymentMethodId: `pm_test_${randomUUID().replaceAll("-", "")}`,
      bankName: "STRIPE TEST BANK",
      last4,
      accountType: "checking",
      status: status as "VERIFIED",
      testMode: true,
      createdAt: at,
      verifiedAt: status === "VERIFIED" ? at : null,
      removedAt: removed ? new Date() : null,
    },
  });
}
