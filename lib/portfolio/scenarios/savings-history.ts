/**
 * The history of the money-weighted scenario of issue 13 (early-withdrawal-then-monthly-savings.test.ts): $10,000 in on 3 January 2017, $9,500 taken out on the 17th,
 * then $500 saved on the first trading day of every month to December 2021, all in VTI; valued on 31 December
 * 2021. The old solver took (1 + d)^n past the largest double over five years, got NaN, and showed a rate that
 * was not a root (~10^85 %).
 *
 * Prices: VTI, real daily closes, unadjusted (shared/data/prices/VTI.csv), 2017-01-03 to 2021-12-31: the first
 * trading day of each month (below), 2017-01-17 116.70 and 2021-12-31 241.44.
 */
import Decimal from "decimal.js";
import { OneFundAccount } from "./one-fund-account";

// prettier-ignore
const MONTHLY: [string, string][] = [
  ["2017-02-01", "117.45"], ["2017-03-01", "123.44"], ["2017-04-03", "121.02"], ["2017-05-01", "122.93"],
  ["2017-06-01", "125.00"], ["2017-07-03", "124.75"], ["2017-08-01", "127.05"], ["2017-09-01", "127.27"], ["2017-10-02", "130.20"],
  ["2017-11-01", "132.44"], ["2017-12-01", "136.07"], ["2018-01-02", "138.22"], ["2018-02-01", "144.37"], ["2018-03-01", "137.35"],
  ["2018-04-02", "132.63"], ["2018-05-01", "136.54"], ["2018-06-01", "141.50"], ["2018-07-02", "140.77"], ["2018-08-01", "144.92"],
  ["2018-09-04", "149.86"], ["2018-10-01", "149.88"], ["2018-11-01", "140.13"], ["2018-12-03", "143.00"], ["2019-01-02", "127.73"],
  ["2019-02-01", "138.73"], ["2019-03-01", "144.42"], ["2019-04-01", "146.39"], ["2019-05-01", "149.27"], ["2019-06-03", "140.41"],
  ["2019-07-01", "151.15"], ["2019-08-01", "150.80"], ["2019-09-03", "148.07"], ["2019-10-01", "149.03"], ["2019-11-01", "155.83"],
  ["2019-12-02", "158.57"], ["2020-01-02", "164.98"], ["2020-02-03", "164.96"], ["2020-03-02", "156.67"], ["2020-04-01", "122.96"],
  ["2020-05-01", "141.81"], ["2020-06-01", "154.75"], ["2020-07-01", "157.44"], ["2020-08-03", "166.96"], ["2020-09-01", "178.85"],
  ["2020-10-01", "171.73"], ["2020-11-02", "168.73"], ["2020-12-01", "189.07"], ["2021-01-04", "191.87"], ["2021-02-01", "197.30"],
  ["2021-03-01", "205.22"], ["2021-04-01", "209.28"], ["2021-05-03", "217.48"], ["2021-06-01", "218.18"], ["2021-07-01", "224.03"],
  ["2021-08-02", "226.37"], ["2021-09-01", "233.58"], ["2021-10-01", "225.12"], ["2021-11-01", "238.09"], ["2021-12-01", "230.16"],
];

export const account = new OneFundAccount();
account.flow(1_000_000n, "116.20");
account.invest("116.20");
account.close("2017-01-03", "116.20");
account.sell(950_000n, "116.70");
account.flow(-950_000n, "116.70");
account.close("2017-01-17", "116.70");
for (const [date, close] of MONTHLY) {
  account.flow(50_000n, close);
  account.invest(close);
  account.close(date, close);
}
account.close("2021-12-31", "241.44");

/** The second method: the same cash flows, Σ amount × x^(days left) = 0 solved by bisection in 60-digit decimals. */
export function independentMoneyWeighted(): Decimal {
  const D = Decimal.clone({ precision: 60 });
  const start = Date.parse("2017-01-03");
  const horizon = Math.round((Date.parse("2021-12-31") - start) / 86_400_000);
  const flows = account.snapshots.map((s, i) => {
    const left = horizon - Math.round((Date.parse(s.date) - start) / 86_400_000);
    const amount = i === 0 ? -s.value : -s.flow + (i === account.snapshots.length - 1 ? s.value : 0n);
    return { left, amount: new D(amount.toString()) };
  });
  const net = (x: Decimal) => flows.reduce((sum, f) => sum.plus(f.amount.times(x.pow(f.left))), new D(0));
  let low = new D("0.5");
  let high = new D("1.5");
  for (let i = 0; i < 200; i++) {
    const mid = low.plus(high).dividedBy(2);
    if (net(mid).isNegative()) high = mid; // more growth makes the money put in worth more than what came back
    else low = mid;
  }
  return low.pow(horizon).minus(1);
}
