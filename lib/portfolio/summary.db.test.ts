import { describe, expect, it } from "vitest";
import { createInvestor } from "../../scripts/test/factories";
import { fundedInvestor } from "../../scripts/test/investing";
import { db } from "../db";
import { platformAccount } from "../ledger/accounts";
import { postJournalEntry } from "../ledger/post";
import { gainSummary } from "./summary";

describe("the dashboard's gain figures", () => {
  it("are nothing to show for a new investor", async () => {
    const { accountId } = await createInvestor();
    expect(await gainSummary(accountId)).toEqual({ netContributions: 0n, dayChange: null });
  });

  it("net the day's deposit out of the day's change, and count refunds against contributions", async () => {
    const { accountId, ledger } = await fundedInvestor(100_000n); // a $1,000 deposit through the ledger
    await db.portfolioSnapshot.createMany({
      data: [
        { investmentAccountId: accountId, date: new Date("2026-11-18"), marketValue: 0n, cash: 100_000n, netFlow: 100_000n },
        { investmentAccountId: accountId, date: new Date("2026-11-19"), marketValue: 100_000n, cash: 0n, netFlow: 0n },
        // $50 up on the day, and a $200 deposit that is not a gain.
        { investmentAccountId: accountId, date: new Date("2026-11-20"), marketValue: 105_000n, cash: 20_000n, netFlow: 20_000n },
      ],
    });
    // Read once before the later entries: a second read must add what came after it, and only that.
    expect((await gainSummary(accountId)).netContributions).toBe(100_000n);
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
    expect(await gainSummary(accountId)).toEqual({
      netContributions: 115_000n,
      dayChange: { date: "2026-11-20", amount: 5_000n, previousValue: 100_000n },
    });
    expect((await gainSummary(accountId)).netContributions).toBe(115_000n);
  });
});
