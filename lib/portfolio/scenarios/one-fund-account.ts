/**
 * A test's model of an account that holds one fund and cash, kept the way the product keeps it (shares to 1e-6
 * bought by notional and rounded down, a fill costing shares × price rounded up to the cent, a holding valued at
 * shares × price rounded down to the cent), written independently of the code under test. It gives the snapshots
 * and valued flows that the product records for the same events, for the scenario specs.
 */
import Decimal from "decimal.js";
import type { Flow, Snapshot } from "../returns";

const cents = (dollars: Decimal) => BigInt(dollars.times(100).toFixed(0, Decimal.ROUND_DOWN));

export class OneFundAccount {
  shares = new Decimal(0);
  cash = 0n;
  readonly snapshots: Snapshot[] = [];
  private flows: Flow[] = [];
  private flowToday = 0n;

  value(price: string): bigint {
    return cents(this.shares.times(price)) + this.cash;
  }

  /** Money in (positive) or out (negative) while the fund is at `price`, valued just before it moves. */
  flow(amount: bigint, price: string): void {
    this.flows.push({ before: this.value(price), amount });
    this.flowToday += amount;
    this.cash += amount;
  }

  /** Buys the fund with all the cash at `price` (what the invest workflow does within seconds of a deposit). */
  invest(price: string): void {
    const shares = new Decimal(this.cash.toString()).dividedBy(100).dividedBy(price).toDecimalPlaces(6, Decimal.ROUND_DOWN);
    this.shares = this.shares.plus(shares);
    this.cash -= BigInt(shares.times(price).times(100).toFixed(0, Decimal.ROUND_UP));
  }

  /** Sells enough shares at `price` to raise `amount` cents of cash (a withdrawal's sale). */
  sell(amount: bigint, price: string): void {
    const shares = Decimal.min(this.shares, new Decimal(amount.toString()).dividedBy(100).dividedBy(price).toDecimalPlaces(6, Decimal.ROUND_UP));
    this.shares = this.shares.minus(shares);
    this.cash += cents(shares.times(price));
  }

  /** The day's snapshot at `price` (the day's last valuation), with the day's flows. */
  close(date: string, price: string): Snapshot {
    const snapshot: Snapshot = { date, value: this.value(price), flow: this.flowToday, ...(this.flows.length ? { flows: this.flows } : {}) };
    this.snapshots.push(snapshot);
    this.flows = [];
    this.flowToday = 0n;
    return snapshot;
  }
}
