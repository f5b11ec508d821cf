/**
 * What an account is worth, in one definition used by every figure: each holding at the asset's latest price,
 * rounded down to the cent (as the holdings table shows it), summed; plus cash: available, held for pending
 * orders or withdrawals, and net of what the investor owes (INVESTOR_OWED is negative then), so a restricted
 * account shows the same total to its investor and to the advisor. Snapshots, flows, the dashboard, the API
 * and the advisor's pages all read it from here.
 */
import Decimal from "decimal.js";
import { db } from "../db";

/** The ledger balances that count as the account's cash. */
export const CASH_KINDS = ["INVESTOR_CASH", "INVESTOR_CASH_HELD", "INVESTOR_OWED"] as const;

/**
 * SQL for the value of each account id that `ids` (a query of one uuid column) selects:
 * rows (id, market_value, cash), cents as bigint. One index probe per account and table, so it serves a batch
 * of ten thousand accounts (revaluation) as well as one (a deposit).
 */
export function accountValuesSql(ids: string): string {
  return `
    SELECT v.id, coalesce(holdings.value, 0)::bigint AS market_value, coalesce(balances.value, 0)::bigint AS cash
    FROM (${ids}) AS v(id)
    LEFT JOIN LATERAL (
      SELECT sum(floor(h."quantity" * p."price" * 100)) AS value
      FROM "Holding" h JOIN "Asset" s ON s."symbol" = h."symbol" JOIN "AssetPrice" p ON p."assetId" = s."id"
      WHERE h."investmentAccountId" = v.id
    ) holdings ON true
    LEFT JOIN LATERAL (
      SELECT sum(la."balance") AS value FROM "LedgerAccount" la
      WHERE la."investmentAccountId" = v.id AND la."kind" IN (${CASH_KINDS.map((kind) => `'${kind}'`).join(", ")})
    ) balances ON true`;
}

/** A holding's value in cents: quantity × price, rounded down to the cent (the same rule as the SQL above). */
export function holdingValue(quantity: Decimal, price: Decimal): bigint {
  return BigInt(quantity.times(price).times(100).toDecimalPlaces(0, Decimal.ROUND_DOWN).toFixed(0));
}

export interface AccountValue {
  /** Holdings at the latest prices. Cents. */
  marketValue: bigint;
  /** Available and held cash, net of what the investor owes. Cents. */
  cash: bigint;
  /** What the account is worth: the figure returns are computed from. Cents. */
  total: bigint;
}

/** One account's value, as every page and the API show it. */
export async function accountValue(investmentAccountId: string): Promise<AccountValue> {
  const [row] = await db.$queryRawUnsafe<{ market_value: bigint; cash: bigint }[]>(accountValuesSql(`SELECT $1::uuid`), investmentAccountId);
  const marketValue = row?.market_value ?? 0n;
  const cash = row?.cash ?? 0n;
  return { marketValue, cash, total: marketValue + cash };
}
