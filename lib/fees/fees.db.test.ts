import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { createInvestor, createUser } from "../../scripts/test/factories";
import { db } from "../db";
import { NO_REQUEST_CONTEXT } from "../http/request-context";
import { platformAccount } from "../ledger/accounts";
import { postJournalEntry } from "../ledger/post";
import { trialBalance } from "../ledger/trial-balance";
import { monthDays } from "./accrual";
import { accrueDay, daysToAccrue } from "./accrue";
import { billableMonth, billMonth } from "./bill";
import { collectFromCash } from "./collect";
import { assignSchedule, grantWaiver, saveSchedule } from "./schedules";

const admin = async () => ({ actorId: (await createUser("ADMIN")).id, context: NO_REQUEST_CONTEXT });

/** An investor whose account opened on `opened` with `cash` cents and, from `valuedFrom`, a daily close of `value` cents. */
async function client(options: { opened: string; cash: bigint; value?: bigint; valuedFrom?: string }) {
  const investor = await createInvestor({ verified: true });
  await db.investmentAccount.update({ where: { id: investor.accountId }, data: { createdAt: new Date(`${options.opened}T12:00:00Z`) } });
  if (options.cash > 0n) {
    await postJournalEntry(db, {
      idempotencyKey: `fund:${investor.accountId}`,
      kind: "DEPOSIT",
      postings: [
        { account: await platformAccount("STRIPE_CLEARING", investor.accountId), amount: -options.cash },
        { account: investor.ledger.INVESTOR_CASH, amount: options.cash },
      ],
    });
  }
  if (options.value !== undefined) {
    await db.portfolioSnapshot.create({
      data: { investmentAccountId: investor.accountId, date: new Date(options.valuedFrom ?? options.opened), marketValue: options.value, cash: 0n, netFlow: 0n },
    });
  }
  return investor;
}

async function accrueMonth(month: string) {
  for (const day of monthDays(month).days) await accrueDay(day, 7);
}

const billOf = (investmentAccountId: string, month: string) => db.feeBill.findUniqueOrThrow({ where: { investmentAccountId_month: { investmentAccountId, month } } });
const cashOf = async (id: bigint) => (await db.ledgerAccount.findUniqueOrThrow({ where: { id } })).balance;

describe("a month of fees", () => {
  it("accrues each day once, bills the month once from cash to revenue, and carries the fraction of a cent into the next month", async () => {
    // $100,000 at 0.25 % from 1 June 2026: June's 30 days are 30 × 25,000 / 365 = 2,054.79… → $20.54;
    // July brings the year to 61 days = 4,178.08… → 4,178 − 2,054 = $21.24.
    const investor = await client({ opened: "2026-05-20", cash: 10_000_000n, value: 10_000_000n, valuedFrom: "2026-06-01" });
    const revenue = await platformAccount("PLATFORM_REVENUE", investor.accountId);
    const revenueBefore = await cashOf(revenue);
    await accrueMonth("2026-06");
    expect(await db.feeAccrual.count({ where: { investmentAccountId: investor.accountId } })).toBe(30);
    expect(await accrueDay("2026-06-15")).toBe(0); // a re-run writes nothing
    expect(await daysToAccrue("2026-06")).toEqual([]);

    const june = await billMonth("2026-06", 3);
    expect(june.due).not.toContain(investor.accountId);
    expect(await billOf(investor.accountId, "2026-06")).toMatchObject({ amount: 2_054n, collected: 2_054n, status: "COLLECTED" });
    expect(await cashOf(investor.ledger.INVESTOR_CASH)).toBe(10_000_000n - 2_054n);
    expect((await cashOf(revenue)) - revenueBefore).toBe(2_054n);

    const again = await billMonth("2026-06");
    expect(again.accounts).toBe(0);
    expect(await cashOf(investor.ledger.INVESTOR_CASH)).toBe(10_000_000n - 2_054n);

    await accrueMonth("2026-07");
    await billMonth("2026-07");
    expect(await billOf(investor.accountId, "2026-07")).toMatchObject({ amount: 2_124n, status: "COLLECTED" });
    const entry = await db.journalEntry.findUniqueOrThrow({ where: { idempotencyKey: `fee:${investor.accountId}:2026-07` } });
    expect(entry).toMatchObject({ kind: "FEE", memo: "Advisory fee for July 2026" });

    const audit = await db.auditLog.findMany({ where: { action: "FEES_BILLED", targetId: "2026-06" } });
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.reduce((sum, record) => sum + Number((record.details as { accounts: number }).accounts), 0)).toBe(june.accounts);
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("bills nothing, clearly, for a month with no value, and the books still balance", async () => {
    const investor = await client({ opened: "2026-02-10", cash: 0n });
    await accrueMonth("2026-03");
    await billMonth("2026-03");
    expect(await billOf(investor.accountId, "2026-03")).toMatchObject({ amount: 0n, collected: 0n, status: "NOTHING_DUE", entryId: null });
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("takes what cash covers when cash is short and the rest once there is cash", async () => {
    // $100,000 of holdings and $10.00 of cash in April 2026: 30 × 25,000 / 365 → $20.54 billed, $10.00 taken.
    const investor = await client({ opened: "2026-03-25", cash: 1_000n, value: 10_000_000n, valuedFrom: "2026-04-01" });
    await accrueMonth("2026-04");
    const april = await billMonth("2026-04");
    expect(april.due).toContain(investor.accountId);
    expect(await billOf(investor.accountId, "2026-04")).toMatchObject({ amount: 2_054n, collected: 1_000n, status: "PARTIALLY_COLLECTED" });
    expect(await cashOf(investor.ledger.INVESTOR_CASH)).toBe(0n);

    expect(await collectFromCash(investor.accountId, "2026-04")).toEqual({ collected: 0n, remaining: 1_054n });
    await postJournalEntry(db, {
      idempotencyKey: `proceeds:${investor.accountId}`,
      kind: "TRADE",
      postings: [
        { account: await platformAccount("BROKER_CLEARING", investor.accountId), amount: -5_000n },
        { account: investor.ledger.INVESTOR_CASH, amount: 5_000n },
      ],
    });
    expect(await collectFromCash(investor.accountId, "2026-04")).toEqual({ collected: 1_054n, remaining: 0n });
    expect(await collectFromCash(investor.accountId, "2026-04")).toEqual({ collected: 0n, remaining: 0n });
    expect(await billOf(investor.accountId, "2026-04")).toMatchObject({ collected: 2_054n, status: "COLLECTED" });
    expect(await cashOf(investor.ledger.INVESTOR_CASH)).toBe(5_000n - 1_054n);
    expect(await db.auditLog.count({ where: { action: "FEE_COLLECTED", targetId: investor.accountId } })).toBe(1);
  });

  it("charges the advisor's schedule, a client's own over it, and waives part of a month", async () => {
    const actor = await admin();
    const advisor = await createUser("ADVISOR");
    const low = await saveSchedule({ name: `Low ${advisor.id}`, tiers: [{ from: 0n, annualRate: new Decimal("0.001") }] }, actor);
    const none = await saveSchedule({ name: `Free ${advisor.id}`, tiers: [{ from: 0n, annualRate: new Decimal(0) }] }, actor);
    await assignSchedule(advisor.id, low.id, actor);
    const a = await client({ opened: "2026-08-01", cash: 10_000_000n, value: 10_000_000n });
    const b = await client({ opened: "2026-08-01", cash: 10_000_000n, value: 10_000_000n });
    const c = await client({ opened: "2026-08-01", cash: 10_000_000n, value: 10_000_000n });
    await db.user.updateMany({ where: { id: { in: [a.user.id, b.user.id] } }, data: { advisorId: advisor.id } });
    await assignSchedule(b.user.id, none.id, actor);
    // Client c pays the default 0.25 %, half waived from 1 to 20 September (20 days) and all of it from the 21st to the 30th.
    await grantWaiver({ userId: c.user.id, from: "2026-09-01", to: "2026-09-20", fraction: new Decimal("0.5"), reason: "Welcome offer" }, actor);
    await grantWaiver({ userId: c.user.id, from: "2026-09-21", to: "2026-09-30", fraction: new Decimal(1), reason: "Service issue" }, actor);

    await accrueMonth("2026-09");
    await billMonth("2026-09");
    // a: 30 × 10,000 / 365 = 821.9… → $8.21. b: nothing. c: 20 × 12,500 / 365 = 684.9… → $6.84.
    expect(await billOf(a.accountId, "2026-09")).toMatchObject({ amount: 821n, status: "COLLECTED" });
    expect(await billOf(b.accountId, "2026-09")).toMatchObject({ amount: 0n, status: "NOTHING_DUE" });
    expect(await billOf(c.accountId, "2026-09")).toMatchObject({ amount: 684n, status: "COLLECTED" });
    const actions = await db.auditLog.findMany({ where: { actorId: actor.actorId, action: { not: "USER_SIGNED_UP" } }, select: { action: true } });
    expect(actions.map((row) => row.action).sort()).toEqual(
      ["FEE_SCHEDULE_ASSIGNED", "FEE_SCHEDULE_ASSIGNED", "FEE_SCHEDULE_SAVED", "FEE_SCHEDULE_SAVED", "FEE_WAIVER_GRANTED", "FEE_WAIVER_GRANTED"].sort(),
    );
  });

  it("refuses a month that has not ended", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    expect(billableMonth("2026-11", now)).toBe("2026-11");
    expect(() => billableMonth("2026-12", now)).toThrow(/not/);
    expect(() => billableMonth("2026-13", now)).toThrow(/YYYY-MM/);
    // 1 December 02:00 UTC is still 30 November in New York.
    expect(() => billableMonth("2026-11", new Date("2026-12-01T02:00:00Z"))).toThrow(/not/);
  });
});
