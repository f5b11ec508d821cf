import { marketClock } from "../brokerage/market-calendar";

/** A price older than this while the market is open is stale: pages say "prices as of …" and warn. */
export const STALE_AFTER_MS = 15 * 60_000;

/** Whether a price taken at `asOf` is stale at `now`: over 15 minutes old while the market is open. */
export function isStale(asOf: Date, now = new Date()): boolean {
  return now.getTime() - asOf.getTime() > STALE_AFTER_MS && marketClock(now).isOpen;
}

/** Prices taken at `asOf` (the oldest of them), and whether they are stale at `now`. */
export function priceFreshness(asOf: Date | null, now = new Date()): { asOf: Date | null; stale: boolean } {
  return { asOf, stale: !!asOf && isStale(asOf, now) };
}
