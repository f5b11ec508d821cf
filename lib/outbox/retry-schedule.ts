/**
 * When an outbox row that Inngest refused is tried again, and when it is parked instead. Pure: no I/O.
 *
 * Only refusals count: Inngest answering 4xx about the events themselves (pkg/api answers 400 for anything
 * wrong with an event: not JSON, a reserved name, too large). An outage (no answer, 5xx, 429, a key error)
 * is never charged to a row, so an outage of any length parks nothing.
 * A refusal is rarely cured by waiting, so a refused row is parked after 5 attempts, the number Inngest gives
 * a step by default (4 retries): 1, 2, 4 and 8 minutes apart, so it is parked about 15 minutes after the
 * first refusal. That absorbs a refusal that was really a passing fault (a proxy answering 4xx while it
 * restarts) and still shows a bad event to an operator within the quarter hour, not the next day.
 */
export const MAX_DELIVERY_ATTEMPTS = 5;
export const FIRST_RETRY_DELAY_MS = 60_000;

/** After the `attempts`-th refusal (1 for the first): when to try again, or "park" when it was the last. */
export function afterRefusal(attempts: number, now: Date): { retryAt: Date } | "park" {
  if (attempts >= MAX_DELIVERY_ATTEMPTS) return "park";
  return { retryAt: new Date(now.getTime() + FIRST_RETRY_DELAY_MS * 2 ** (attempts - 1)) };
}
