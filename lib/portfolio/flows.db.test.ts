import { describe, expect, it } from "vitest";
import { createInvestor } from "../../scripts/test/factories";
import { setPrices } from "../../scripts/test/investing";
import { db } from "../db";
import { platformAccount } from "../ledger/accounts";
import { postJournalEntries, postJournalEntry } from "../ledger/post";
import { buyWithAllCash, dateOf } from "./scenarios/ledger-fixtures";

const flowsOf = (accountId: string) =>
  db.portfolioFlow.findMany({ where: { investmentAccountId: accountId }, orderBy: [{ at: "asc" }, { entryId: "asc" }], select: { amount: true, valueBefore: true } });

describe("money moving in or out of an account", () => {
  it("is valued just before it moves, at the latest prices, and refreshes the day's snapshot", async () => {
    await setPrices({ VTI: "250" });
    const { accountId, ledger } = await createInvestor({ verified: true });
    const stripe = await platformAccount("STRIPE_CLEARING", accountId);
    const depositOf = (key: string, amount: bigint) => ({
      idempotencyKey: `${key}:${accountId}`,
      kind: "DEPOSIT" as const,
      postings: [
        { account: stripe, amount: -amount },
        { account: ledger.INVESTOR_CASH, amount },
      ],
    });
    await postJournalEntry(db, depositOf("first", 100_000n));
    await buyWithAllCash(accountId, "VTI", "250"); // 4 shares
    await setPrices({ VTI: "260" }); // worth $1,040.00 now
    // Two in one batch: each valued before itself.
    await postJournalEntries(db, [depositOf("second", 20_000n), depositOf("third", 30_000n)]);
    // Not money from outside: no flow.
    await postJournalEntry(db, { idempotencyKey: `hold:${accountId}`, kind: "TRADE", postings: [{ account: ledger.INVESTOR_CASH, amount: -10_000n }, { account: ledger.INVESTOR_CASH_HELD, amount: 10_000n }] });
    // The same key again changes nothing.
    await postJournalEntry(db, depositOf("first", 100_000n));

    expect(await flowsOf(accountId)).toEqual([
      { amount: 100_000n, valueBefore: 0n },
      { amount: 20_000n, valueBefore: 104_000n },
      { amount: 30_000n, valueBefore: 124_000n },
    ]);
    const snapshot = await db.portfolioSnapshot.findUniqueOrThrow({ where: { investmentAccountId_date: { investmentAccountId: accountId, date: new Date(dateOf(new Date())) } } });
    expect(snapshot).toMatchObject({ marketValue: 104_000n, cash: 50_000n, netFlow: 150_000n });
  });
});
