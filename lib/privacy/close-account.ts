/**
 * Closing an account (GDPR's right to erasure, within what the law lets us erase). Allowed once the account
 * holds no money and nothing is under way; then, in one transaction, sign-in becomes impossible and personal data
 * is erased, while the books (ledger, deposits, orders, tax lots) and the audit trail stay, as record-keeping
 * rules require (SEC 17a-4 style: six years), under the user's id, which is now a pseudonym. What each table
 * undergoes is lib/privacy/personal-data-map.ts; what remains and why is docs/security.md ("Your data").
 */
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { normaliseEmail } from "../auth/email";
import { verifyPassword } from "../auth/password";
import type { CurrentUser } from "../auth/sessions";
import { requireStepUpIfEnrolled } from "../auth/step-up";
import { db, type Tx } from "../db";
import { env } from "../env";
import { DomainError, Forbidden, InvalidInput } from "../errors";
import type { RequestContext } from "../http/request-context";
import { discardDocument } from "../kyc/documents";
import { sendMail } from "../mail/send";
import { parseInput } from "../validation";

export const CLOSED_NAME = "Closed account";

/** The address a closed account keeps: unique, and in a domain that can never receive mail (RFC 2606). */
export const pseudonymEmail = (userId: string) => `closed-${userId}@closed.invalid`;

/** Not an argon2 hash, so no password ever matches it (verifyPassword treats a malformed hash as no match). */
const NO_PASSWORD = "account closed: no password";

/** What stands between the investor and closing: each is something they can see and resolve. */
export type ClosureBlocker = "money" | "positions" | "pending deposits" | "pending refunds" | "open orders" | "running work";

const BLOCKER_MESSAGES: Record<ClosureBlocker, string> = {
  money: "Your account still holds cash or owes money: its balance must be zero.",
  positions: "Your account still holds investments: they must be sold and the money withdrawn first.",
  "pending deposits": "A deposit is still pending, settling or disputed.",
  "pending refunds": "A refund is still on its way.",
  "open orders": "An order is still open or not yet settled.",
  "running work": "An investment or rebalance is still running or waiting to run.",
};

export const closureBlockerMessage = (blocker: ClosureBlocker) => BLOCKER_MESSAGES[blocker];

export class AccountNotEmpty extends DomainError {
  readonly code = "account_not_empty";
  readonly status = 409;
  constructor(readonly blockers: ClosureBlocker[]) {
    super(`We cannot close your account yet. ${blockers.map(closureBlockerMessage).join(" ")}`);
  }
}

export const closeAccountInput = z.object({
  confirmation: z.string({ error: "Type your email address to confirm." }).max(254, "That is not your email address.").transform(normaliseEmail),
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(1024, "That is not your password."),
});

/**
 * Why the user's accounts cannot be closed now (empty when they can). Read inside the closing transaction after
 * its locks, so nothing can arrive between the check and the closure.
 */
export async function closureBlockers(userId: string, client: Tx | typeof db = db): Promise<ClosureBlocker[]> {
  const [row] = await client.$queryRaw<Record<"money" | "positions" | "deposits" | "refunds" | "orders" | "runs", boolean>[]>`
    WITH accounts AS (SELECT "id" FROM "InvestmentAccount" WHERE "userId" = ${userId}::uuid)
    SELECT
      EXISTS (SELECT 1 FROM "LedgerAccount" WHERE "investmentAccountId" IN (SELECT "id" FROM accounts) AND "balance" <> 0) AS money,
      EXISTS (SELECT 1 FROM "Holding" WHERE "investmentAccountId" IN (SELECT "id" FROM accounts) AND "quantity" <> 0) AS positions,
      EXISTS (SELECT 1 FROM "Deposit" WHERE "investmentAccountId" IN (SELECT "id" FROM accounts) AND "status" IN ('PENDING', 'PROCESSING', 'DISPUTED')) AS deposits,
      EXISTS (SELECT 1 FROM "DepositRefund" r JOIN "Deposit" d ON d."id" = r."depositId"
              WHERE d."investmentAccountId" IN (SELECT "id" FROM accounts) AND r."status" IN ('PENDING', 'REQUIRES_ACTION')) AS refunds,
      EXISTS (SELECT 1 FROM "Order" WHERE "investmentAccountId" IN (SELECT "id" FROM accounts)
              AND ("status" IN ('PLANNED', 'OPEN') OR ("filledQuantity" > 0 AND "settledAt" IS NULL))) AS orders,
      EXISTS (SELECT 1 FROM "AccountRunLock" WHERE "investmentAccountId" IN (SELECT "id" FROM accounts))
        OR EXISTS (SELECT 1 FROM "AccountRunQueue" WHERE "investmentAccountId" IN (SELECT "id" FROM accounts)) AS runs`;
  const found: [boolean | undefined, ClosureBlocker][] = [
    [row?.money, "money"],
    [row?.positions, "positions"],
    [row?.deposits, "pending deposits"],
    [row?.refunds, "pending refunds"],
    [row?.orders, "open orders"],
    [row?.runs, "running work"],
  ];
  return found.filter(([present]) => present).map(([, blocker]) => blocker);
}

/**
 * Closes the investor's account: checks the typed confirmation (their email), their password and, if they have
 * a second factor, a recent step-up; then erases in one transaction. The identity document's file is deleted and
 * a confirmation emailed to the old address after the commit (neither can be rolled back).
 */
export async function closeAccount(user: CurrentUser, input: unknown, context: RequestContext): Promise<void> {
  if (user.role !== "INVESTOR") throw new Forbidden("Staff accounts are closed by an administrator.");
  await requireStepUpIfEnrolled(user);
  const { confirmation, password } = parseInput(closeAccountInput, input);
  if (confirmation !== normaliseEmail(user.email)) {
    throw new InvalidInput("Type your email address exactly to confirm.", { confirmation: "That is not your email address." });
  }
  const stored = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(stored.passwordHash, password))) {
    throw new InvalidInput("That is not your password.", { password: "That is not your password." });
  }

  const closed = await db.$transaction(async (tx) => {
    // The user row, then every ledger account of theirs in id order (as postings lock them): no sign-in, deposit
    // credit or fill can change what the check below sees before this commits.
    const [me] = await tx.$queryRaw<{ email: string; closedAt: Date | null }[]>`
      SELECT "email", "closedAt" FROM "User" WHERE "id" = ${user.id}::uuid FOR UPDATE`;
    if (!me || me.closedAt) throw new Forbidden("This account is already closed.");
    await tx.$queryRaw`
      SELECT la."id" FROM "LedgerAccount" la JOIN "InvestmentAccount" ia ON ia."id" = la."investmentAccountId"
      WHERE ia."userId" = ${user.id}::uuid ORDER BY la."id" FOR UPDATE OF la`;
    const blockers = await closureBlockers(user.id, tx);
    if (blockers.length > 0) throw new AccountNotEmpty(blockers);
    return erasePersonalData(tx, user.id, me.email, context);
  });

  if (closed.documentKey) {
    await discardDocument(env().KYC_STORAGE_DIR, closed.documentKey).catch((error: unknown) =>
      console.error(`[privacy] the identity document of closed user ${user.id} could not be deleted`, error),
    );
  }
  await sendMail({
    to: closed.email,
    subject: "Your Autovest account is closed",
    text: [
      `Hello,`,
      ``,
      `As you asked, we closed your Autovest account on ${closed.at.toISOString().slice(0, 10)}. You can no longer sign in.`,
      `We have erased your name, email address, identity details and document, risk answers, notifications and API tokens.`,
      `The law requires us to keep the records of your money (ledger entries, deposits, trades) and our audit trail for six years;`,
      `we keep them under a reference number instead of your name.`,
      ``,
      `If you did not ask for this, reply to this email at once.`,
    ].join("\r\n"),
  }).catch((error: unknown) => console.error(`[privacy] the closure confirmation for user ${user.id} could not be sent`, error));
}

/** The closing transaction's work, after the checks: what it erased and where the confirmation goes. */
async function erasePersonalData(tx: Tx, userId: string, email: string, context: RequestContext) {
  const at = new Date();
  await tx.user.update({
    where: { id: userId },
    data: { email: pseudonymEmail(userId), name: CLOSED_NAME, passwordHash: NO_PASSWORD, canManageModels: false, timeZone: null, closedAt: at },
  });
  const kyc = await tx.kycProfile.findUnique({ where: { userId }, select: { documentKey: true } });
  await tx.kycProfile.deleteMany({ where: { userId } });
  const sessions = await tx.session.deleteMany({ where: { userId } });
  const tokens = await tx.apiToken.deleteMany({ where: { userId } });
  const notifications = await tx.notification.deleteMany({ where: { userId } });
  const riskProfiles = await tx.riskProfile.deleteMany({ where: { userId } });
  const goals = await tx.goal.deleteMany({ where: { userId } });
  // Every way of signing in goes (link intents went with the sessions).
  await tx.secondFactor.deleteMany({ where: { userId } });
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.webAuthnChallenge.deleteMany({ where: { userId } });
  await tx.knownDevice.deleteMany({ where: { userId } });
  await tx.emailToken.deleteMany({ where: { userId } });
  await tx.oidcIdentity.deleteMany({ where: { userId } });
  // A booked time to come goes back to its advisor; a past one stays on their record without its topic.
  await tx.consultationSlot.updateMany({ where: { investorId: userId, startsAt: { gt: at } }, data: { investorId: null, topic: null, bookedAt: null } });
  await tx.consultationSlot.updateMany({ where: { investorId: userId }, data: { topic: null } });
  // The throttle's keys that name the old address (lib/auth/throttle.ts).
  await tx.signInThrottle.deleteMany({ where: { OR: [{ key: `account:${email}` }, { key: { startsWith: `account-ip:${email} ` } }, { key: `reset-email:${email}` }] } });
  await recordAudit(tx, {
    action: "ACCOUNT_CLOSED",
    actorId: userId,
    target: { type: "User", id: userId },
    context,
    details: {
      sessionsEnded: sessions.count,
      apiTokensDeleted: tokens.count,
      notificationsDeleted: notifications.count,
      riskProfilesDeleted: riskProfiles.count,
      goalsDeleted: goals.count,
      identityErased: !!kyc,
    },
  });
  return { email, at, documentKey: kyc?.documentKey ?? null };
}
