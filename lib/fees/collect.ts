/**
 * Collecting what a bill's cash did not cover (docs/fees.md): after a fee collection run has sold enough
 * (lib/investing/raise-cash.ts, under the account's run lock), the remainder comes out of cash. Each collection
 * is its own entry keyed by what had been collected before it, under a lock on the bill, so a retry posts nothing twice.
 */
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { NO_REQUEST_CONTEXT } from "../http/request-context";
import { investorLedger } from "../ledger/accounts";
import { postJournalEntry } from "../ledger/post";
import { feeMemo } from "./accrual";
import { feeEntryKey, lockCash } from "./bill";

/** What the account still owes for bills of months up to `month` (cents), oldest first. */
export async function feesDue(investmentAccountId: string): Promise<{ month: string; due: bigint }[]> {
  const bills = await db.feeBill.findMany({
    where: { investmentAccountId, status: { in: ["BILLED", "PARTIALLY_COLLECTED"] } },
    orderBy: { month: "asc" },
    select: { month: true, amount: true, collected: true },
  });
  return bills.map((bill) => ({ month: bill.month, due: bill.amount - bill.collected }));
}

/** Takes what cash covers of `month`'s bill now. Returns what was taken and what is still due. */
export async function collectFromCash(investmentAccountId: string, month: string): Promise<{ collected: bigint; remaining: bigint }> {
  const ledger = await investorLedger(db, investmentAccountId);
  return db.$transaction(async (tx) => {
    const [bill] = await tx.$queryRaw<{ id: string; amount: bigint; collected: bigint }[]>`
      SELECT "id", "amount", "collected" FROM "FeeBill"
      WHERE "investmentAccountId" = ${investmentAccountId}::uuid AND "month" = ${month} FOR UPDATE`;
    if (!bill || bill.collected >= bill.amount) return { collected: 0n, remaining: 0n };
    const { balances, revenue } = await lockCash(tx, [{ cash: ledger.INVESTOR_CASH, account: investmentAccountId }]);
    const due = bill.amount - bill.collected;
    const available = balances.get(ledger.INVESTOR_CASH) ?? 0n;
    const take = available < due ? (available > 0n ? available : 0n) : due;
    if (take === 0n) return { collected: 0n, remaining: due };
    await postJournalEntry(tx, {
      idempotencyKey: `${feeEntryKey(investmentAccountId, month)}:after:${bill.collected}`,
      kind: "FEE",
      cause: { type: "FeeBill", id: `${investmentAccountId}:${month}` },
      memo: feeMemo(month),
      postings: [
        { account: ledger.INVESTOR_CASH, amount: -take },
        { account: revenue.get(investmentAccountId)!, amount: take },
      ],
    });
    const collected = bill.collected + take;
    await tx.feeBill.update({
      where: { id: bill.id },
      data: { collected, status: collected === bill.amount ? "COLLECTED" : "PARTIALLY_COLLECTED", collectedAt: collected === bill.amount ? new Date() : null },
    });
    await recordAudit(tx, {
      action: "FEE_COLLECTED",
      actorId: null,
      target: { type: "InvestmentAccount", id: investmentAccountId },
      context: NO_REQUEST_CONTEXT,
      details: { investmentAccountId, month, collected: take.toString(), remaining: (bill.amount - collected).toString() },
    });
    return { collected: take, remaining: bill.amount - collected };
  });
}

/** What is still due on `month`'s bill, and whether the account is restricted (it then sells nothing for it). */
export async function feeDueOf(investmentAccountId: string, month: string): Promise<{ remaining: bigint; restricted: boolean }> {
  const [bill, account] = await Promise.all([
    db.feeBill.findUnique({ where: { investmentAccountId_month: { investmentAccountId, month } }, select: { amount: true, collected: true } }),
    db.investmentAccount.findUniqueOrThrow({ where: { id: investmentAccountId }, select: { status: true } }),
  ]);
  return { remaining: bill ? bill.amount - bill.collected : 0n, restricted: account.status === "RESTRICTED" };
}
