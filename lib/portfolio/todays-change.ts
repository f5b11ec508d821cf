/**
 * Today's change, the figure under the balance on the dashboard. Defined as:
 *
 *   amount = value now − value at the previous close − net flows since that close
 *
 * where the previous close is the account's latest daily snapshot dated before today (UTC dates, as snapshots
 * are: the last trading day's close on a weekend or a holiday), and the net flows are the deposits less the
 * withdrawals (refunds, disputes) that moved after that day ended. So money paid in today is not a gain.
 *
 * The percentage is the day's time-weighted return (returns.ts dayReturn): growth from the close to each flow,
 * valued when it moved, linked with growth from there to now; with no flow it is amount ÷ previous close. Null
 * with nothing invested at the close. A ratio, not money: float64 is fine for it.
 */
import { dayReturn, tidy, type Flow } from "./returns";

export interface TodaysChange {
  /** The date of the close it is measured from (YYYY-MM-DD). */
  since: string;
  /** Cents. */
  amount: bigint;
  ratio: number | null;
}

export function todaysChange(valueNow: bigint, previousClose: { date: string; value: bigint } | null, flowsSince: Flow[]): TodaysChange | null {
  if (!previousClose) return null;
  const netFlow = flowsSince.reduce((sum, flow) => sum + flow.amount, 0n);
  const r = dayReturn(previousClose.value, { date: "now", value: valueNow, flow: netFlow, flows: flowsSince });
  return { since: previousClose.date, amount: valueNow - previousClose.value - netFlow, ratio: r === null ? null : tidy(r) };
}
