/** The JSON API's shapes: money and decimals as exact strings, never JSON numbers. */
import { toDecimalString } from "../money";
import type { HoldingsOverview } from "../investing/portfolio";
import type { AccountValue } from "./account-value";
import type { Performance } from "./performance";
import { fixedRatio, MONEY_WEIGHTED_REASONS } from "./returns";
import type { Transaction } from "./transactions";

export function holdingsJson(accountId: string, currency: string, overview: HoldingsOverview, value: AccountValue) {
  return {
    accountId,
    currency,
    /** What the account is worth (account-value.ts): the dashboard's and the advisor's total value. */
    value: toDecimalString(value.total, currency),
    cash: toDecimalString(value.cash, currency),
    invested: toDecimalString(overview.invested, currency),
    pricesAsOf: overview.pricesAsOf?.toISOString() ?? null,
    holdings: overview.rows.map((row) => ({
      symbol: row.symbol,
      name: row.name,
      quantity: row.quantity.toFixed(6),
      price: row.price.toFixed(6),
      value: toDecimalString(row.value, currency),
      costBasis: toDecimalString(row.costBasis, currency),
      weight: row.weight.toFixed(6),
      target: row.target.toFixed(6),
    })),
  };
}

const ratio = (value: number | null) => (value === null ? null : fixedRatio(value, 6));

export function performanceJson(accountId: string, currency: string, performance: Performance) {
  const mw = performance.moneyWeighted;
  return {
    accountId,
    range: performance.range,
    /** Returns are cumulative over this period (docs/returns.md); `...Annualised` only over a year or more. */
    period: performance.period,
    timeWeightedReturn: ratio(performance.timeWeighted),
    timeWeightedReturnAnnualised: ratio(performance.timeWeightedAnnualised),
    moneyWeightedReturn: mw.meaningful ? ratio(mw.cumulative) : null,
    moneyWeightedReturnAnnualised: mw.meaningful ? ratio(mw.annualised) : null,
    moneyWeightedNotMeaningful: mw.meaningful ? null : { reason: mw.reason, message: MONEY_WEIGHTED_REASONS[mw.reason] },
    volatility: ratio(performance.volatility),
    maxDrawdown: ratio(performance.maxDrawdown),
    benchmark: { name: performance.benchmark.name, return: ratio(performance.benchmark.return), annualised: ratio(performance.benchmark.annualised) },
    series: performance.series.map((point) => ({
      date: point.date,
      value: toDecimalString(point.value, currency),
      benchmark: point.benchmark === null ? null : toDecimalString(point.benchmark, currency),
    })),
  };
}

export function transactionJson(transaction: Transaction, currency: string) {
  return {
    id: transaction.id,
    at: transaction.at.toISOString(),
    type: transaction.kind.toLowerCase(),
    description: transaction.description,
    amount: toDecimalString(transaction.amount, currency),
    currency,
  };
}

/**
 * RFC 4180 quoting, and a leading quote for cells a spreadsheet would take for a formula: anything starting
 * with = + - @, a tab or a carriage return, unless the whole cell is a plain number ("-12.50").
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
