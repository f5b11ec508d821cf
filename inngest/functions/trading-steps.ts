import { NonRetriableError, RetryAfterError, type GetStepTools } from "inngest";
import { BrokerMismatch, MarketClosed } from "@/lib/brokerage/broker";
import { broker } from "@/lib/brokerage";
import {
  AccountBusy,
  CannotInvest,
  holdCash,
  placeOrders,
  planInvestment,
  recordInvestmentCompleted,
  refreshOrders,
  releaseUnspent,
  settleFills,
} from "@/lib/investing/invest";
import { tradingHalt } from "@/lib/investing/trading-halt";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import type { inngest } from "../client";
import { sendToInngest } from "../send-outbox";

export type Step = GetStepTools<typeof inngest>;

/** Errors that retrying cannot fix stop the run for good, visibly, with the money still held. */
export async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CannotInvest || error instanceof BrokerMismatch) throw new NonRetriableError(error.message, { cause: error });
    if (error instanceof AccountBusy) throw new RetryAfterError(error.message, "5s", { cause: error });
    if (error instanceof MarketClosed) throw new RetryAfterError(error.message, error.nextOpen, { cause: error });
    throw error;
  }
}

/** Before placing orders: sleep until the market opens, and wait, visibly, while trading is halted. */
export async function waitUntilTradingAllowed(step: Step, phase: string): Promise<void> {
  const clock = await step.run(`${phase}: check the market`, async () => {
    const now = await broker().clock();
    return { isOpen: now.isOpen, nextOpen: now.nextOpen.toISOString() };
  });
  if (!clock.isOpen) await step.sleepUntil(`${phase}: wait for the market to open`, clock.nextOpen);
  for (let check = 0; ; check++) {
    const halt = await step.run(`${phase}: check the trading halt (${check})`, () => tradingHalt());
    if (!halt.halted) return;
    // Resuming announces itself; the timeout re-checks in case the announcement came between check and wait.
    await step.waitForEvent(`${phase}: trading halted, wait for it to resume (${check})`, { event: "trading/resumed", timeout: "5m" });
  }
}

/** Places the run's orders and waits until the broker has answered every one. */
export async function placeAndAwaitFills(step: Step, phase: string, run: string): Promise<void> {
  await step.run(`${phase}: place orders`, () => guarded(() => placeOrders(run, broker())));
  await step.run(`${phase}: wait for fills`, async () => {
    const open = await guarded(() => refreshOrders(run, broker()));
    if (open > 0) throw new RetryAfterError(`${open} orders are still open`, "10s");
  });
}

/** The buy side shared by investing and rebalancing: hold the cash, buy toward the model, settle, release. */
export async function investAvailableCash(step: Step, accountId: string, run: string) {
  const held = BigInt(await step.run("buy: hold cash", () => guarded(() => holdCash(accountId, run)).then(String)));
  if (held === 0n) return { invested: 0n, unspent: 0n };
  await step.run("buy: plan orders", () => guarded(() => planInvestment(accountId, run, held)).then((orders) => orders.length));
  await waitUntilTradingAllowed(step, "buy");
  await placeAndAwaitFills(step, "buy", run);
  await step.run("buy: settle fills", () => guarded(() => settleFills(accountId, run)));
  const unspent = BigInt(await step.run("buy: release unspent cash", () => guarded(() => releaseUnspent(accountId, run, held)).then(String)));
  await step.run("buy: notify the investor", async () => {
    const outboxIds = await recordInvestmentCompleted(accountId, run, { held, unspent });
    // Sent now, so the email follows within seconds; one a failed send leaves goes out with the next sweep.
    await dispatchOutbox(sendToInngest, { ids: outboxIds });
  });
  return { invested: held - unspent, unspent };
}
