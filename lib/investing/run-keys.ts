/**
 * The keys invest and rebalance runs do their work under. Orders, held cash and ledger entries carry the key,
 * so a step run again finds its own work, and an operator's retry (which names the failed work in
 * `resumeRunId`) resumes it instead of starting afresh beside it. The key is the triggering event's id, never
 * Inngest's run id: a retry is a new Inngest run of the same work.
 */
import type { QueuedWork, RunKind } from "./account-run-lock";

export interface TriggeringEvent {
  id?: string;
  name: string;
  data: { investmentAccountId: string; resumeRunId?: string; [key: string]: unknown };
}

/** As Inngest names them: the client id ("autovest") and the function id (inngest/functions/*.ts; a test holds them equal). */
export const INVEST_FUNCTION_ID = "autovest-invest-account";
export const REBALANCE_FUNCTION_ID = "autovest-rebalance-account";
export const FEE_COLLECTION_FUNCTION_ID = "autovest-collect-fee";
export const WITHDRAW_FUNCTION_ID = "autovest-withdraw-account";

/** The function ids of each kind of account run, as Inngest names them (app id + function id). */
export const ACCOUNT_RUN_FUNCTIONS: Record<string, RunKind> = {
  [INVEST_FUNCTION_ID]: "invest",
  [REBALANCE_FUNCTION_ID]: "rebalance",
  [FEE_COLLECTION_FUNCTION_ID]: "fee",
  [WITHDRAW_FUNCTION_ID]: "withdraw",
};

/** A withdrawal sells in at most this many rounds (fills can come in below the estimate). */
export const WITHDRAWAL_SALE_ROUNDS = 3;

/** The key of a withdrawal's work: the withdrawal, whichever event (its request, a queued restart) started the run. */
export const withdrawalRunKey = (withdrawalId: string) => `withdraw:${withdrawalId}`;
/** Each round of a withdrawal's sales is its own run of orders (client order ids are per run and symbol). */
export const withdrawalSaleKey = (runKey: string, round: number) => `${runKey}:sell:${round}`;

/** The key of the work an event starts (`fallback`, Inngest's run id, only for an event without an id). */
export function runKeyOf(kind: RunKind, event: TriggeringEvent, fallback: string): string {
  if (kind === "withdraw") return withdrawalRunKey(String(event.data.withdrawalId));
  const work = event.data.resumeRunId ?? event.id ?? fallback;
  return kind === "invest" ? work : `${kind}:${work}`;
}

/**
 * The keys a run's work lives under: a rebalance sells under its own key and buys under `<key>:buy` (its buy
 * side is an investment of the cash it freed).
 */
export function workKeysOf(kind: RunKind, runKey: string): string[] {
  if (kind === "fee") return Array.from({ length: FEE_SALE_ROUNDS }, (_, round) => feeSaleKey(runKey, round + 1));
  if (kind === "withdraw") return Array.from({ length: WITHDRAWAL_SALE_ROUNDS }, (_, round) => withdrawalSaleKey(runKey, round));
  return kind === "rebalance" ? [runKey, buySideKey(runKey)] : [runKey];
}

/** A fee collection sells in at most this many rounds (fills can come in below the estimate). */
export const FEE_SALE_ROUNDS = 3;
/** The key of a fee collection's sales in `round` (1, 2, 3): orders' client ids carry it, so each round has its own. */
export const feeSaleKey = (runKey: string, round: number) => (round === 1 ? runKey : `${runKey}:${round}`);

export const buySideKey = (rebalanceKey: string) => `${rebalanceKey}:buy`;

/**
 * What waits for an account another run holds. An investment invests all the available cash, so one queued
 * investment (and one queued rebalance) stands for any number of requests; an operator's retry resumes its
 * own work, so it queues as itself.
 */
export function queuedWorkOf(kind: RunKind, event: TriggeringEvent): QueuedWork {
  const { investmentAccountId, resumeRunId } = event.data;
  // A withdrawal waits as itself: each is its own money.
  if (kind === "withdraw") return { dedupeKey: `withdraw:${String(event.data.withdrawalId)}`, eventName: event.name, eventData: { ...event.data } as QueuedWork["eventData"] };
  if (resumeRunId) return { dedupeKey: `${kind}:resume:${resumeRunId}`, eventName: event.name, eventData: { ...event.data } as QueuedWork["eventData"] };
  if (kind === "fee") return { dedupeKey: `fee:${String(event.data.month)}`, eventName: event.name, eventData: { ...event.data } as QueuedWork["eventData"] };
  return kind === "invest"
    ? { dedupeKey: "invest", eventName: "account/invest.requested", eventData: { investmentAccountId, reason: "waited for the account" } }
    : { dedupeKey: "rebalance", eventName: "account/rebalance.requested", eventData: { investmentAccountId, reason: "waited for the account" } };
}
