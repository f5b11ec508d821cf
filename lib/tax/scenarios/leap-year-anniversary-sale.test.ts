/**
 * Scenario: shares of VTI bought at the close of 28 February 2023 (199.52, VTI.csv) are sold on 29 February 2024
 * (close 252.58) and on 1 March 2024 (close 254.90). By the clock the leap-day sale is a year and a day after the
 * purchase, but the holding period starts on 1 March 2023, so on 29 February 2024 it is exactly one year: the gain
 * is short-term. On 1 March 2024 it is more than a year: long-term.
 *
 * By hand, 10 shares: 10 × (252.58 − 199.52) = $530.60 short-term; 10 × (254.90 − 199.52) = $553.80 long-term.
 */
import Decimal from "decimal.js";
import { expect, it } from "vitest";
import { selectLots } from "../../investing/rebalance-plan";
import { holdingTerm } from "../holding-period";

// 16:00 New York on each day (21:00 UTC in winter): the closes.
const bought = new Date("2023-02-28T21:00:00Z");
const lot = { id: "vti-2023-02-28", symbol: "VTI", acquiredAt: bought, remainingQuantity: new Decimal(10), costPerShare: new Decimal("199.52") };

it("a sale on 29 February 2024 of shares bought on 28 February 2023 is short-term; on 1 March 2024 it is long-term", () => {
  const leapDay = selectLots([lot], new Decimal(10), new Decimal("252.58"), new Date("2024-02-29T21:00:00Z"));
  expect(leapDay.picks.map((p) => [p.term, p.gain.toFixed(2)])).toEqual([["short", "530.60"]]);
  const nextDay = selectLots([lot], new Decimal(10), new Decimal("254.90"), new Date("2024-03-01T21:00:00Z"));
  expect(nextDay.picks.map((p) => [p.term, p.gain.toFixed(2)])).toEqual([["long", "553.80"]]);
  // A purchase late in the New York evening of 28 February (already 29 February in UTC) is still a 28 February trade.
  expect(holdingTerm(new Date("2023-03-01T03:30:00Z"), new Date("2024-02-29T21:00:00Z"))).toBe("short");
});
