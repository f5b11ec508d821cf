/**
 * A withdrawal's money in the ledger, in the caller's transaction (which holds the withdrawal's row lock). Every
 * movement is one balanced entry under a key derived from the withdrawal, so a step run twice posts once:
 * - `withdrawal:<id>:hold` (at request) and `withdrawal:<id>:hold-proceeds:<round>`: INVESTOR_CASH → INVESTOR_CASH_HELD
 * - `withdrawal:<id>:release` (cancelled, rejected, failed before paying): HELD → CASH
 * - `withdrawal:<id>:payout` (kind WITHDRAWAL): HELD → STRIPE_CLEARING
 * - `withdrawal:<id>:return` (kind REVERSAL; the bank returned it or Stripe could not send it): STRIPE_CLEARING → CASH
 *   (what the investor owes is repaid first, as for any money coming back from Stripe)
 */
import type { Tx } from "../../db";
import type { Withdrawal } from "../../generated/prisma/client";
import { investorLedger, platformAccount } from "../../ledger/accounts";
import { postJournalEntry } from "../../ledger/post";
import { creditFromStripe } from "../account-money";

const cause = (w: Withdrawal) => ({ type: "Withdrawal", id: w.id });

/** INVESTOR_CASH's balance, read under a row lock (the posting that follows keeps it consistent). */
export async function lockedCash(tx: Tx, investmentAccountId: string): Promise<{ cash: bigint; owed: bigint }> {
  const ledger = await investorLedger(tx, investmentAccountId);
  const rows = await tx.$queryRaw<{ id: bigint; balance: bigint }[]>`
    SELECT "id", "balance" FROM "LedgerAccount" WHERE "id" IN (${ledger.INVESTOR_CASH}, ${ledger.INVESTOR_OWED}) ORDER BY "id" FOR NO KEY UPDATE`;
  const balance = (id: bigint) => rows.find((row) => row.id === id)?.balance ?? 0n;
  return { cash: balance(ledger.INVESTOR_CASH), owed: balance(ledger.INVESTOR_OWED) };
}

/** Holds `amount` of the investor's cash for the withdrawal (once per key); returns the row with heldAmount raised. */
export async function holdForWithdrawal(tx: Tx, w: Withdrawal, amount: bigint, key: string): Promise<Withdrawal> {
  if (amount <= 0n) return w;
  const ledger = await investorLedger(tx, w.investmentAccountId);
  const posted = await postJournalEntry(tx, {
    idempotencyKey: key,
    kind: "TRANSFER",
    cause: cause(w),
    memo: "Cash held for a withdrawal",
    postings: [
      { account: ledger.INVESTOR_CASH, amount: -amount },
      { account: ledger.INVESTOR_CASH_HELD, amount },
    ],
  });
  if (!posted.created) return w;
  return tx.withdrawal.update({ where: { id: w.id }, data: { heldAmount: { increment: amount } } });
}

/** Gives the cash the withdrawal holds back to the investor (before any of it left). */
export async function releaseHeld(tx: Tx, w: Withdrawal): Promise<void> {
  if (w.heldAmount <= 0n) return;
  const ledger = await investorLedger(tx, w.investmentAccountId);
  await postJournalEntry(tx, {
    idempotencyKey: `withdrawal:${w.id}:release`,
    kind: "TRANSFER",
    cause: cause(w),
    memo: "Withdrawal stopped: its cash is available again",
    postings: [
      { account: ledger.INVESTOR_CASH_HELD, amount: -w.heldAmount },
      { account: ledger.INVESTOR_CASH, amount: w.heldAmount },
    ],
  });
}

/** The held cash leaves for the bank: to Stripe's clearing account, which Stripe's payout brings back to zero. */
export async function payOutHeld(tx: Tx, w: Withdrawal): Promise<void> {
  const ledger = await investorLedger(tx, w.investmentAccountId);
  const clearing = await platformAccount("STRIPE_CLEARING", w.investmentAccountId, w.currency);
  await postJournalEntry(tx, {
    idempotencyKey: `withdrawal:${w.id}:payout`,
    kind: "WITHDRAWAL",
    cause: cause(w),
    memo: "Withdrawal to your bank",
    postings: [
      { account: ledger.INVESTOR_CASH_HELD, amount: -w.heldAmount },
      { account: clearing, amount: w.heldAmount },
    ],
  });
}

/** The payout came back (returned by the bank, or never sent): the money is the investor's cash again. */
export async function returnToCash(tx: Tx, w: Withdrawal, memo: string): Promise<void> {
  await creditFromStripe(tx, {
    investmentAccountId: w.investmentAccountId,
    amount: w.paidAmount ?? w.heldAmount,
    idempotencyKey: `withdrawal:${w.id}:return`,
    kind: "REVERSAL",
    cause: cause(w),
    memo,
  });
}
