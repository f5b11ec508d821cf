import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvestor } from "@/scripts/test/factories";
import { fundedInvestor, investAll, setPrices } from "@/scripts/test/investing";
import { ManualClock } from "@/scripts/workflows/clock";
import { LocalExecutor } from "@/scripts/workflows/local-executor";

/**
 * The month-end fee run through the local stand-in on a clock the test moves: the cron on 1 December at 06:00 New
 * York bills November, and an account whose cash is short is collected by selling.
 */
const clock = new ManualClock("2026-11-30T20:00:00Z");
let executor: LocalExecutor;
let app: Server;

beforeAll(async () => {
  executor = new LocalExecutor({ databaseUrl: process.env.DATABASE_URL!, clock, retryDelayScale: 0.001, crons: ["autovest-bill-fees"] });
  await executor.start();
  Object.assign(process.env, { INNGEST_DEV: "1", INNGEST_BASE_URL: executor.url });
  const [{ serve }, { functions }, client] = await Promise.all([import("inngest/node"), import("@/inngest"), import("@/inngest/client")]);
  app = createServer(serve({ client: client.inngest, functions }));
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  await executor.sync(`http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`);
});

afterAll(async () => {
  await executor.stop();
  await new Promise<void>((resolve) => app.close(() => resolve()));
});

describe("the month-end fee run", () => {
  it("bills November on 1 December, takes cash where there is some, sells where there is not, and leaves the books balanced", async () => {
    const { db } = await import("@/lib/db");
    const { trialBalance } = await import("@/lib/ledger/trial-balance");
    await setPrices();
    // Invested, no cash: its $20.54 (30 days of a $100,000 close at 0.25 %: 30 × 25,000 / 365 = 2,054.79… cents) needs sales.
    const invested = await fundedInvestor(10_000_000n);
    await investAll(invested.accountId);
    // All cash: pays from cash at once.
    const cashOnly = await fundedInvestor(10_000_000n);
    // Nothing in it: NOTHING_DUE.
    const empty = await createInvestor({ verified: true });
    for (const account of [invested, cashOnly, empty]) {
      await db.investmentAccount.update({ where: { id: account.accountId }, data: { createdAt: new Date("2026-10-15T12:00:00Z") } });
    }
    for (const account of [invested, cashOnly]) {
      await db.portfolioSnapshot.upsert({
        where: { investmentAccountId_date: { investmentAccountId: account.accountId, date: new Date("2026-11-01") } },
        create: { investmentAccountId: account.accountId, date: new Date("2026-11-01"), marketValue: 0n, cash: 10_000_000n, netFlow: 0n },
        update: { marketValue: 0n, cash: 10_000_000n },
      });
    }

    clock.set("2026-12-01T11:00:00Z");
    const billing = await executor.waitForRun("autovest-bill-fees", () => true, 120_000);
    expect(billing.status).toBe("completed");
    const collection = await executor.waitForRun("autovest-collect-fee", (run) => run.event.data.investmentAccountId === invested.accountId, 120_000);
    expect(collection.status).toBe("completed");

    const billOf = (investmentAccountId: string) => db.feeBill.findUniqueOrThrow({ where: { investmentAccountId_month: { investmentAccountId, month: "2026-11" } } });
    expect(await billOf(cashOnly.accountId)).toMatchObject({ amount: 2_054n, collected: 2_054n, status: "COLLECTED" });
    expect(await billOf(invested.accountId)).toMatchObject({ amount: 2_054n, collected: 2_054n, status: "COLLECTED" });
    expect(await billOf(empty.accountId)).toMatchObject({ amount: 0n, status: "NOTHING_DUE" });
    const sold = await db.order.findMany({ where: { investmentAccountId: invested.accountId, side: "SELL" } });
    expect(sold.length).toBeGreaterThan(0);
    expect(sold.every((order) => order.status === "FILLED")).toBe(true);
    expect(await db.accountRunLock.count({ where: { investmentAccountId: invested.accountId } })).toBe(0);
    const entries = await db.journalEntry.findMany({ where: { kind: "FEE", idempotencyKey: { startsWith: `fee:${invested.accountId}:2026-11` } } });
    expect(entries.map((entry) => entry.memo)).toEqual(["Advisory fee for November 2026"]);
    expect((await trialBalance()).balanced).toBe(true);
  });
});
