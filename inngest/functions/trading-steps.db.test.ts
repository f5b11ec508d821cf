import { InngestTestEngine } from "@inngest/test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fundedInvestor, setPrices } from "../../scripts/test/investing";
import { useBroker } from "@/lib/brokerage";
import type { Broker } from "@/lib/brokerage/broker";
import { SimulatedBroker } from "@/lib/brokerage/simulated";
import { db } from "@/lib/db";
import { investorBalances } from "@/lib/ledger/accounts";
import { investAccount } from "./invest-account";

/**
 * Following orders to a final state inside the invest run: sleeping checks, a bounded number of them, the
 * remainder cancelled. $500 on the balanced model at the demo prices (no spread): every buy but VTI costs
 * exactly its notional (32,500 cents in all); VTI's 17,500 buys at most 0.603198 shares at $290.12.
 */
beforeEach(() => setPrices());
afterEach(() => useBroker(undefined));

const settled = (id: string, investmentAccountId: string) => ({
  id,
  name: "deposit/settled" as const,
  data: { depositId: id, investmentAccountId, amount: "50000", currency: "USD" },
});

type Spy = { mock: { calls: unknown[][] } };
/** The steps the run's last execution went through (memoized ones replay), by kind. */
function stepsOf(ctx: { step: unknown }) {
  const step = ctx.step as { run: Spy; sleep: Spy };
  return {
    runs: step.run.mock.calls.map((call) => call[0] as string),
    sleeps: step.sleep.mock.calls.map((call) => [call[0], call[1]] as [string, string]),
  };
}

const FILL_WAITS = ["5s", "10s", "20s", "40s", "80s", "160s", "300s", "300s", "300s", "300s", "300s"];

/**
 * The test engine stops at a sleep unless it is given as done: every sleep the buy side can take, done (a
 * new list for each run: the engine adds the run's step results to it).
 */
const sleepsDone = () =>
  FILL_WAITS.flatMap((_, check) => [`buy: wait for fills (${check})`, `buy: wait for the cancellations (${check})`]).map((id) => ({
    id,
    handler: () => undefined,
  }));
const run = (id: string, accountId: string) => new InngestTestEngine({ function: investAccount, events: [settled(id, accountId)], steps: sleepsDone() }).execute();

describe("waiting for fills in the invest run", () => {
  it("an order left open after a partial fill: checked between growing sleeps, its remainder cancelled at the deadline, its part settled", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    useBroker(new SimulatedBroker({ spreadBps: 0, partialFills: { VTI: { fraction: "0.4" } } }));
    const { result, error, ctx } = await run("evt-open", accountId);
    expect(error).toBeUndefined();
    // 0.4 of 0.603198 = 0.241279 shares × $290.12 = $69.99986348 → 7,000 cents; 32,500 + 7,000 invested
    expect(result).toEqual({ invested: "39500", unspent: "10500" });
    const { runs, sleeps } = stepsOf(ctx);
    expect(sleeps).toEqual(FILL_WAITS.map((wait, check) => [`buy: wait for fills (${check})`, wait]));
    expect(runs.filter((name) => name.startsWith("buy: check fills"))).toHaveLength(12);
    expect(runs.filter((name) => name.startsWith("buy: cancel what did not fill"))).toEqual(["buy: cancel what did not fill (0)"]);
    const vti = await db.order.findFirstOrThrow({ where: { runId: "evt-open", symbol: "VTI" } });
    expect([vti.status, vti.filledQuantity!.toString(), vti.filledNotional]).toEqual(["CANCELED", "0.241279", 7_000n]);
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 10_500n, INVESTOR_CASH_HELD: 0n });
    const holding = await db.holding.findUniqueOrThrow({ where: { investmentAccountId_symbol: { investmentAccountId: accountId, symbol: "VTI" } } });
    expect([holding.quantity.toString(), holding.costBasis]).toEqual(["0.241279", 7_000n]);
  });

  it("an order done for the day: cancelled at the first check, with no waiting", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    useBroker(new SimulatedBroker({ spreadBps: 0, partialFills: { VTI: { fraction: "0.5", then: "done_for_day" } } }));
    const { result, error, ctx } = await run("evt-dfd", accountId);
    expect(error).toBeUndefined();
    // 0.5 of 0.603198 = 0.301599 shares × $290.12 = $87.49990188 → 8,750 cents
    expect(result).toEqual({ invested: "41250", unspent: "8750" });
    const { runs, sleeps } = stepsOf(ctx);
    expect(sleeps).toEqual([]);
    expect(runs.filter((name) => name.includes("fill"))).toEqual(["buy: check fills (0)", "buy: settle fills"]);
    expect((await db.order.findFirstOrThrow({ where: { runId: "evt-dfd", symbol: "VTI" } })).status).toBe("CANCELED");
  });

  it("an order that expires while the run sleeps: its part settled at the next check", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    const simulated = new SimulatedBroker({ spreadBps: 0, partialFills: { VTI: { fraction: "0.4" } } });
    // The close comes between the second and third checks.
    let reads = 0;
    useBroker(
      Object.assign(Object.create(simulated) as Broker, {
        getOrder: async (clientOrderId: string) => {
          if (++reads === 3) await simulated.expireOpenOrders();
          return simulated.getOrder(clientOrderId);
        },
      }),
    );
    const { result, error, ctx } = await run("evt-exp", accountId);
    expect(error).toBeUndefined();
    expect(result).toEqual({ invested: "39500", unspent: "10500" });
    expect(stepsOf(ctx).sleeps).toEqual([
      ["buy: wait for fills (0)", "5s"],
      ["buy: wait for fills (1)", "10s"],
    ]);
    expect((await db.order.findFirstOrThrow({ where: { runId: "evt-exp", symbol: "VTI" } })).status).toBe("EXPIRED");
  });

  it("an order the broker never lets go: the run stops for an operator after a bounded wait, its cash still held", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    const simulated = new SimulatedBroker({ spreadBps: 0, partialFills: { VTI: { fraction: "0" } } });
    useBroker(Object.assign(Object.create(simulated) as Broker, { cancelOrder: async () => undefined }));
    const { error, ctx } = await run("evt-stuck", accountId);
    expect((error as Error).message).toBe(
      "buy: the broker still reports orders of run evt-stuck open after their remainder was cancelled; their cash stays held for an operator",
    );
    const { runs, sleeps } = stepsOf(ctx);
    // Worst case: 1 placing + 24 checks + 22 sleeps
    expect(runs.filter((name) => /^buy: (place orders|check fills|cancel what did not fill)/.test(name))).toHaveLength(25);
    expect(sleeps).toHaveLength(22);
    expect(sleeps.slice(11).map(([name]) => name)).toEqual(FILL_WAITS.map((_, check) => `buy: wait for the cancellations (${check})`));
    // Nothing settled or released: the seven filled buys wait with VTI's open one.
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 0n, INVESTOR_CASH_HELD: 50_000n });
    expect(await db.order.count({ where: { runId: "evt-stuck", settledAt: { not: null } } })).toBe(0);
  });
});
