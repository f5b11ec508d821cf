import { NonRetriableError, RetryAfterError, type GetStepTools } from "inngest";
import { BrokerMismatch, MarketClosed } from "@/lib/brokerage/broker";
import { broker } from "@/lib/brokerage";
import { AccountReleased, assertHolds, claimAccount, releaseAccount, type Claim, type RunKind } from "@/lib/investing/account-run-lock";
import {
  CannotInvest,
  holdCash,
  placeOrders,
  planInvestment,
  recordInvestmentCompleted,
  refreshOrders,
  releaseUnspent,
  settleFills,
} from "@/lib/investing/invest";
import { ACCOUNT_RUN_FUNCTIONS, queuedWorkOf, type TriggeringEvent } from "@/lib/investing/run-keys";
import { tradingHalt } from "@/lib/investing/trading-halt";
import { markRunWaiting } from "@/lib/operations/record-run";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import type { inngest } from "../client";
import { sendToInngest } from "../send-outbox";

export type Step = GetStepTools<typeof inngest>;

/** Errors that retrying cannot fix stop the run for good, visibly, with the money still held. */
export async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CannotInvest || error instanceof BrokerMismatch || error instanceof AccountReleased) {
      throw new NonRetriableError(error.message, { cause: error });
    }
    if (error instanceof MarketClosed) throw new RetryAfterError(error.message, error.nextOpen, { cause: error });
    throw error;
  }
}

/**
 * Takes the account for this run's work, or puts the work in the account's queue behind the run holding it:
 * the run then ends, and the holder's release starts the queued work as a new run (no run waits or fails
 * because another holds the account).
 */
export function claimAccountStep(step: Step, kind: RunKind, event: TriggeringEvent, runKey: string, inngestRunId: string): Promise<Claim> {
  const functionId = Object.keys(ACCOUNT_RUN_FUNCTIONS).find((id) => ACCOUNT_RUN_FUNCTIONS[id] === kind)!;
  return step.run("lock the account", () =>
    claimAccount(event.data.investmentAccountId, runKey, kind, { functionId, inngestRunId }, queuedWorkOf(kind, event)),
  );
}

/** Releases the account and sends the event that starts its oldest queued work, if any. */
export async function releaseAccountAndStartNext(investmentAccountId: string, runKey: string): Promise<{ released: boolean; next: string | null }> {
  const result = await releaseAccount(investmentAccountId, runKey);
  // Sent now so the next run starts at once; if this send fails, the outbox sweeper sends it.
  if (result.next) await dispatchOutbox(sendToInngest, { ids: [result.next] });
  return result;
}

/** A halt is re-checked this often even without the announcement that it was lifted (which could arrive between the check and the wait). */
export const HALT_RECHECK = "1d";

/**
 * Before placing orders: sleeps until the market opens, and waits while trading is halted, each as one durable
 * wait (no polling). Both are checked again after each wait: a halt can begin while the market is shut, and be
 * lifted at night. Worst case: 2 steps per night or weekend and 2 per day of halt. The run records what it waits
 * for, for the operations page.
 */
export async function waitUntilTradingAllowed(step: Step, phase: string, inngestRunId: string): Promise<void> {
  for (let check = 0; ; check++) {
    const state = await step.run(`${phase}: check the market and the trading halt (${check})`, async () => {
      const [clock, halt] = await Promise.all([broker().clock(), tradingHalt()]);
      const nextOpen = clock.nextOpen.toISOString();
      await markRunWaiting(inngestRunId, !clock.isOpen ? `the market to open at ${nextOpen}` : halt.halted ? "the trading halt to be lifted" : null);
      return { isOpen: clock.isOpen, nextOpen, halted: halt.halted };
    });
    if (!state.isOpen) {
      await step.sleepUntil(`${phase}: wait for the market to open (${check})`, state.nextOpen);
      continue;
    }
    if (!state.halted) return;
    await step.waitForEvent(`${phase}: trading halted, wait for it to be lifted (${check})`, { event: "trading/resumed", timeout: HALT_RECHECK });
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

/**
 * The buy side shared by investing and rebalancing: hold the cash, buy toward the model, settle, release. `run` is
 * the key the buys are made under; `lockKey` the key holding the account (a rebalance buys under its own key's
 * buy side).
 */
export async function investAvailableCash(step: Step, accountId: string, run: string, inngestRunId: string, lockKey = run) {
  const held = BigInt(
    await step.run("buy: hold cash", () =>
      guarded(async () => {
        await assertHolds(accountId, lockKey);
        return holdCash(accountId, run);
      }).then(String),
    ),
  );
  if (held === 0n) return { invested: 0n, unspent: 0n };
  await step.run("buy: plan orders", () => guarded(() => planInvestment(accountId, run, held)).then((orders) => orders.length));
  await waitUntilTradingAllowed(step, "buy", inngestRunId);
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
