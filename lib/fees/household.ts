/**
 * "Household balance", which decides a client's fee band. There is no household model yet (issue 17 adds one):
 * until then a household is one investor's accounts. This SQL is the one place that says so.
 */

/** SQL: the closing value (cents) on `daySql` of every account of the household of user `userSql`. */
export function householdValueSql(userSql: string, daySql: string): string {
  return `(SELECT coalesce(sum(hv.value), 0)::bigint FROM "InvestmentAccount" ha
     CROSS JOIN LATERAL (${closingValueSql(`ha."id"`, daySql)}) hv
     WHERE ha."userId" = ${userSql})`;
}

/** SQL (one row, column value): an account's closing value on a day, from its latest snapshot on or before the day. */
export function closingValueSql(accountSql: string, daySql: string): string {
  return `SELECT ps."marketValue" + ps."cash" AS value FROM "PortfolioSnapshot" ps
     WHERE ps."investmentAccountId" = ${accountSql} AND ps."date" <= ${daySql} ORDER BY ps."date" DESC LIMIT 1`;
}
