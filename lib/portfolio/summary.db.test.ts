import { describe, expect, it } from "vitest";
import { createInvestor } from "../../scripts/test/factories";
import { fundedInvestor, setPrices } from "../../scripts/test/investing";
import { db } from "../db";
import { platformAccount } from "../ledger/accounts";
import { postJournalEntry } from "../ledger/post";
import { dateOf, buyWithAllCash, moveToYesterday } from "./scenarios/ledger-fixtures";
import { revaluePortfolios } from "./snapshots";
import { gainSummary, todaysChangeOf } from "./summary";

describe("the dashboard's gain figures", () => {
  it("are nothing to show for a new investor", async () => {
    const { accountId } = await createInvestor();
    expect(await gainSummary(accountId)).toEqual({ netContributions: 0n, dayChange: null });
  });

  it("net the day's deposits out of the day's change, and count refunds against contributions", async () => {
    await setPrices({ VTI: "100" });
    const { accountId, ledger } = await fundedInvestor(100_000n); // a $1,000 deposit through the ledger
    await buyWithAllCash(accountId, "VTI", "100"); // 10 shares
    await revaluePortfolios(new Date());
    await moveToYesterday(accountId);
    // Read once before the later entries: a second read must add what came after it, and only that.
    expect((await gainSummary(accountId)).netContributions).toBe(100_000n);
    await setPrices({ VTI: "105" }); // $50 up on the day
    await postJournalEntry(db, {
      idempotencyKey: `second-deposit:${accountId}`,
      kind: "DEPOSIT",
      postings: [
        { account: await platformAccount("STRIPE_CLEARING", accountId), amount: -20_000n },
        { account: ledger.INVESTOR_CASH, amount: 20_000n },
      ],
    });
    await postJournalEntry(db, {
      idempotencyKey: `refund:${accountId}`,
      kind: "REFUND",
      postings: [
        { account: ledger.INVESTOR_CASH, amount: -5_000n },
        { account: await platformAccount("STRIPE_CLEARING", accountId), amount: 5_000n },
      ],
    });
    // Moving cash between the investor's own balances is not a contribution.
    await postJournalEntry(db, {
      idempotencyKey: `hold:${accountId}`,
      kind: "TRADE",
      postings: [
        { account: ledger.INVESTOR_CASH, amount: -1_000n },
        { account: ledger.INVESTOR_CASH_HELD, amount: 1_000n },
      ],
    });
    // $1,050 + $200 − $50 = $1,200 today against $1,000 yesterday, $150 of it paid in: +$50, +5% (the $200 and the
    // $50 are each valued when they moved: 1,050/1,000 × 1,250/1,250 × 1,200/1,200).
    expect(await gainSummary(accountId)).toEqual({
      netContributions: 115_000n,
      dayChange: { date: dateOf(new Date()), amount: 5_000n, previousValue: 100_000n, return: 0.05 },
    });
    expect((await gainSummary(accountId)).netContributions).toBe(115_000n);
  });
});

describe("today's change as the dashboard reads it", () => {
  it("measures from the latest close before today and leaves out only the flows after that close", async () => {
    const { accountId } = await createInvestor();
    const now = new Date("2026-12-01T15:00:00Z"); // a Tuesday
    const snapshot = (date: string, value: bigint, netFlow = 0n) =>
      db.portfolioSnapshot.create({ data: { investmentAccountId: accountId, date: new Date(date), marketValue: value, cash: 0n, netFlow } });
    await snapshot("2026-11-27", 90_000n);
    await snapshot("2026-11-30", 100_000n, 10_000n); // Monday's close: the one to measure from
    await snapshot("2026-12-01", 151_000n, 50_000n); // today's own snapshot: not a close yet
    const flow = (entryId: bigint, at: string, amount: bigint, valueBefore: bigint) =>
      db.portfolioFlow.create({ data: { entryId, investmentAccountId: accountId, at: new Date(at), amount, valueBefore } });
    await flow(1n, "2026-11-30T14:00:00Z", 10_000n, 90_500n); // Monday's deposit, before the close
    await flow(2n, "2026-12-01T10:00:00Z", 50_000n, 101_000n); // today's deposit
    await flow(3n, "2026-12-01T16:00:00Z", 20_000n, 152_500n); // after `now`: not in the value now either
    // $1,000 at Monday's close, $1,010 when $500 came in, $1,525 now: +$25.00; 1.01 × 1,525 / 1,510 − 1.
    const change = await todaysChangeOf(accountId, 152_500n, now);
    expect(change).toMatchObject({ since: "2026-11-30", amount: 2_500n });
    expect(change!.ratio).toBeCloseTo(0.0200331126, 9);
  });

  it("is nothing to show before the first close", async () => {
    const { accountId } = await createInvestor();
    expect(await todaysChangeOf(accountId, 50_000n)).toBeNull();
  });
});
