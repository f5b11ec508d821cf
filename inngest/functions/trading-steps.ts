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

/** Checks per stage of following orders; the sleeps between them double from 5 s up to 5 minutes. */
const CHECKS = 12;
const waitAfterCheck = (check: number) => `${Math.min(5 * 2 ** check, 300)}s`;

/**
 * Places the run's orders and follows each to a final state, checking between sleeps that grow (a sleeping
 * run burns no retry and holds no concurrency slot). An order done for the day is cancelled for its remainder
 * when seen; after ~30 minutes of checks every order still open is. If the broker still reports some open
 * ~30 minutes after that, the run stops for an operator with the run's cash held: those could still fill.
 *
 * Worst case per phase: 1 placing + 2 × 12 checks + 2 × 11 sleeps = 47 steps (94 for a rebalance's sells and
 * buys, far below Inngest's 1,000 per run) and 2 × 1,815 s ≈ 61 minutes asleep; every check returns one number.
 */
export async function placeAndAwaitFills(step: Step, phase: string, run: string): Promise<void> {
  await step.run(`${phase}: place orders`, () => guarded(() => placeOrders(run, broker())));
  const stages = [
    { checking: "check fills", waiting: "wait for fills", cancelRemainders: false },
    { checking: "cancel what did not fill", waiting: "wait for the cancellations", cancelRemainders: true },
  ];
  for (const { checking, waiting, cancelRemainders } of stages) {
    for (let check = 0; check < CHECKS; check++) {
      const open = await step.run(`${phase}: ${checking} (${check})`, () => guarded(() => refreshOrders(run, broker(), { cancelRemainders })));
      if (open === 0) return;
      if (check < CHECKS - 1) await step.sleep(`${phase}: ${waiting} (${check})`, waitAfterCheck(check));
    }
  }
  throw new NonRetriableError(`${phase}: the broker still reports orders of run ${run} open after their remainder was cancelled; their cash stays held for an operator`);
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
