import { recordAudit } from "../audit/record";
import type { Tx } from "../db";
import { investorLedger, platformAccount } from "../ledger/accounts";
import { postJournalEntry, type PostingInput } from "../ledger/post";
import type { JournalEntryKind } from "../generated/prisma/client";
import { NO_REQUEST_CONTEXT } from "../http/request-context";

/**
 * Money between Stripe and an investor's account, in the caller's transaction: credits repay what the
 * investor owes first; take-backs (refunds, disputes) come out of available cash and, past it, become
 * debt, which restricts the account and flags it for an advisor until it is repaid.
 */
interface Locked {
  cash: bigint;
  owed: bigint;
  clearing: bigint;
  cashBalance: bigint;
  owedBalance: bigint;
}

/** Locks the three rows in id order (as the ledger functions do) and reads the balances under the lock. */
async function lockInvestorMoney(tx: Tx, investmentAccountId: string): Promise<Locked> {
  const ledger = await investorLedger(tx, investmentAccountId);
  const clearing = await platformAccount("STRIPE_CLEARING", investmentAccountId);
  const rows = await tx.$queryRaw<{ id: bigint; balance: bigint }[]>`
    SELECT "id", "balance" FROM "LedgerAccount"
    WHERE "id" IN (${ledger.INVESTOR_CASH}, ${ledger.INVESTOR_OWED}, ${clearing})
    ORDER BY "id" FOR NO KEY UPDATE`;
  const balance = (id: bigint) => rows.find((row) => row.id === id)?.balance ?? 0n;
  return {
    cash: ledger.INVESTOR_CASH,
    owed: ledger.INVESTOR_OWED,
    clearing,
    cashBalance: balance(ledger.INVESTOR_CASH),
    owedBalance: balance(ledger.INVESTOR_OWED),
  };
}

interface MoneyMovement {
  investmentAccountId: string;
  amount: bigint;
  idempotencyKey: string;
  kind: JournalEntryKind;
  cause: { type: string; id: string };
  /** What the investor's activity calls the entry, when its kind alone would mislead. */
  memo?: string;
}

const nonZero = (postings: PostingInput[]) => postings.filter((posting) => posting.amount !== 0n);

/** Stripe → investor. Returns how much reached available cash (the rest repaid debt). */
export async function creditFromStripe(
  tx: Tx,
  options: MoneyMovement,
): Promise<{ toCash: bigint; repaid: bigint; created: boolean }> {
  const locked = await lockInvestorMoney(tx, options.investmentAccountId);
  const debt = locked.owedBalance < 0n ? -locked.owedBalance : 0n;
  const repaid = debt < options.amount ? debt : options.amount;
  const toCash = options.amount - repaid;
  const posted = await postJournalEntry(tx, {
    idempotencyKey: options.idempotencyKey,
    kind: options.kind,
    cause: options.cause,
    memo: options.memo,
    postings: nonZero([
      { account: locked.clearing, amount: -options.amount },
      { account: locked.owed, amount: repaid },
      { account: locked.cash, amount: toCash },
    ]),
  });
  if (posted.created && repaid > 0n && repaid === debt) await liftRestriction(tx, options.investmentAccountId);
  return { toCash, repaid, created: posted.created };
}

/** Investor → Stripe (a refund or a dispute). Returns the shortfall that became debt. */
export async function takeBackToStripe(
  tx: Tx,
  options: MoneyMovement,
): Promise<{ fromCash: bigint; shortfall: bigint; created: boolean }> {
  const locked = await lockInvestorMoney(tx, options.investmentAccountId);
  const fromCash = locked.cashBalance < options.amount ? locked.cashBalance : options.amount;
  const shortfall = options.amount - fromCash;
  const posted = await postJournalEntry(tx, {
    idempotencyKey: options.idempotencyKey,
    kind: options.kind,
    cause: options.cause,
    memo: options.memo,
    postings: nonZero([
      { account: locked.cash, amount: -fromCash },
      { account: locked.owed, amount: -shortfall },
      { account: locked.clearing, amount: options.amount },
    ]),
  });
  if (posted.created && shortfall > 0n) {
    await restrict(tx, options.investmentAccountId, {
      reason: "Money was taken back after it had been invested; the investor owes the difference.",
      owed: (-(locked.owedBalance - shortfall)).toString(),
    });
  }
  return { fromCash, shortfall, created: posted.created };
}

async function restrict(tx: Tx, investmentAccountId: string, details: { reason: string; owed: string }) {
  await tx.investmentAccount.update({
    where: { id: investmentAccountId },
    data: { status: "RESTRICTED", restrictedReason: details.reason, flaggedAt: new Date() },
  });
  await recordAudit(tx, {
    action: "ACCOUNT_RESTRICTED",
    actorId: null,
    target: { type: "InvestmentAccount", id: investmentAccountId },
    context: NO_REQUEST_CONTEXT,
    details,
  });
}

async function liftRestriction(tx: Tx, investmentAccountId: string) {
  const lifted = await tx.investmentAccount.updateMany({
    where: { id: investmentAccountId, status: "RESTRICTED" },
    data: { status: "ACTIVE", restrictedReason: null },
  });
  if (lifted.count === 0) return;
  await recordAudit(tx, {
    action: "ACCOUNT_UNRESTRICTED",
    actorId: null,
    target: { type: "InvestmentAccount", id: investmentAccountId },
    context: NO_REQUEST_CONTEXT,
    details: { reason: "What the investor owed has been repaid." },
  });
}
