import { NonRetriableError, RetryAfterError } from "inngest";
import { BrokerMismatch, MarketClosed } from "@/lib/brokerage/broker";
import { broker } from "@/lib/brokerage";
import {
  AccountBusy,
  acquireRunLock,
  CannotInvest,
  holdCash,
  placeOrders,
  planInvestment,
  recordInvestmentCompleted,
  refreshOrders,
  releaseRunLock,
  releaseUnspent,
  settleFills,
} from "@/lib/investing/invest";
import { tradingHalt } from "@/lib/investing/trading-halt";
import { depositSettled, inngest } from "../client";

/** Errors that retrying cannot fix: the run stops, visibly, with the money still held. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CannotInvest || error instanceof BrokerMismatch) throw new NonRetriableError(error.message, { cause: error });
    if (error instanceof AccountBusy) throw new RetryAfterError(error.message, "30s", { cause: error });
    if (error instanceof MarketClosed) throw new RetryAfterError(error.message, error.nextOpen, { cause: error });
    throw error;
  }
}

/**
 * Invests an account's available cash: on every settled deposit. The steps live in lib/investing/invest.ts
 * and are each idempotent; the run id is the triggering event's id, so orders are deterministic per deposit.
 */
export const investAccount = inngest.createFunction(
  {
    id: "invest-account",
    triggers: [depositSettled],
    concurrency: { key: "event.data.investmentAccountId", limit: 1 },
    retries: 10,
    onFailure: async ({ event, step }) => {
      const original = event.data.event;
      await step.run("unlock the account", () =>
        releaseRunLock(String(original.data.investmentAccountId), String(original.id ?? "")),
      );
    },
  },
  async ({ event, step, runId }) => {
    const accountId = event.data.investmentAccountId;
    const run = event.id ?? runId;

    await step.run("lock the account", () => guarded(() => acquireRunLock(accountId, run, "invest")));
    const held = BigInt(await step.run("hold cash", () => guarded(() => holdCash(accountId, run)).then(String)));
    if (held === 0n) {
      await step.run("unlock the account", () => releaseRunLock(accountId, run));
      return { invested: "0", reason: "less than the minimum order available" };
    }
    await step.run("plan orders", () => guarded(() => planInvestment(accountId, run, held)).then((orders) => orders.length));

    const clock = await step.run("check the market", async () => {
      const now = await broker().clock();
      return { isOpen: now.isOpen, nextOpen: now.nextOpen.toISOString() };
    });
    if (!clock.isOpen) await step.sleepUntil("wait for the market to open", clock.nextOpen);

    // While trading is halted the run waits here, visibly, and places nothing.
    for (let check = 0; ; check++) {
      const halt = await step.run(`check the trading halt (${check})`, () => tradingHalt());
      if (!halt.halted) break;
      await step.sleep(`trading halted (${check})`, "5m");
    }

    await step.run("place orders", () => guarded(() => placeOrders(run, broker())));
    await step.run("wait for fills", async () => {
      const open = await guarded(() => refreshOrders(run, broker()));
      if (open > 0) throw new RetryAfterError(`${open} orders are still open`, "10s");
    });
    await step.run("settle fills", () => guarded(() => settleFills(accountId, run)));
    const unspent = BigInt(await step.run("release unspent cash", () => guarded(() => releaseUnspent(accountId, run, held)).then(String)));
    await step.run("notify the investor", () => recordInvestmentCompleted(accountId, run, { held, unspent }));
    await step.run("unlock the account", () => releaseRunLock(accountId, run));
    return { invested: (held - unspent).toString(), unspent: unspent.toString() };
  },
);
