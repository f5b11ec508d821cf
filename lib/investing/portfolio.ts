import Decimal from "decimal.js";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { accountOf } from "../payments/deposits";
import { NotFound } from "../errors";
import { modelVersion } from "./models";
import { MIN_ORDER } from "./plan";

export interface HoldingRow {
  symbol: string;
  name: string;
  quantity: Decimal;
  price: Decimal;
  /** Cents, rounded down. */
  value: bigint;
  costBasis: bigint;
  weight: Decimal;
  target: Decimal;
}

export interface HoldingsOverview {
  invested: bigint;
  rows: HoldingRow[];
  /** Cash held for orders in flight, or waiting to be invested: the dashboard refreshes until it is. */
  investing: boolean;
}

/** The investor's holdings at the latest prices, with their weight against the model's target. */
export async function holdingsOverview(user: CurrentUser): Promise<HoldingsOverview> {
  return holdingsOf((await accountOf(user)).id);
}

interface HoldingsRow {
  modelVersionId: string | null;
  status: string;
  cash: bigint;
  held: bigint;
  holdings: { symbol: string; name: string | null; quantity: string; costBasis: string; price: string | null }[];
}

export async function holdingsOf(investmentAccountId: string): Promise<HoldingsOverview> {
  // One round trip: the account, its cash balances and its holdings at the latest prices.
  const [details] = await db.$queryRaw<HoldingsRow[]>`
    SELECT ia."modelVersionId", ia."status"::text AS status, balances.cash, balances.held,
      coalesce((
        SELECT json_agg(json_build_object('symbol', h."symbol", 'name', a."name", 'quantity', h."quantity"::text,
          'costBasis', h."costBasis"::text, 'price', p."price"::text))
        FROM "Holding" h LEFT JOIN "Asset" a ON a."symbol" = h."symbol" LEFT JOIN "AssetPrice" p ON p."assetId" = a."id"
        WHERE h."investmentAccountId" = ia."id" AND h."quantity" > 0), '[]') AS holdings
    FROM "InvestmentAccount" ia
    CROSS JOIN LATERAL (
      SELECT coalesce(sum(la."balance") FILTER (WHERE la."kind" = 'INVESTOR_CASH'), 0)::bigint AS cash,
        coalesce(sum(la."balance") FILTER (WHERE la."kind" = 'INVESTOR_CASH_HELD'), 0)::bigint AS held
      FROM "LedgerAccount" la WHERE la."investmentAccountId" = ia."id"
    ) balances
    WHERE ia."id" = ${investmentAccountId}::uuid`;
  if (!details) throw new NotFound("No such account.");
  const model = details.modelVersionId ? await modelVersion(details.modelVersionId) : null;
  const valued = details.holdings.map((holding) => {
    const price = new Decimal(holding.price ?? 0);
    const quantity = new Decimal(holding.quantity);
    const value = BigInt(quantity.times(price).times(100).toDecimalPlaces(0, Decimal.ROUND_DOWN).toFixed(0));
    return { symbol: holding.symbol, name: holding.name ?? holding.symbol, quantity, price, value, costBasis: BigInt(holding.costBasis) };
  });
  const invested = valued.reduce((sum, row) => sum + row.value, 0n);
  const targets = new Map(model?.allocation.map((a) => [a.symbol, a.weight]) ?? []);
  return {
    invested,
    investing: details.held > 0n || (details.status === "ACTIVE" && !!details.modelVersionId && details.cash >= MIN_ORDER),
    rows: valued
      .map((row) => ({
        ...row,
        weight: invested > 0n ? new Decimal(row.value.toString()).dividedBy(invested.toString()) : new Decimal(0),
        target: targets.get(row.symbol) ?? new Decimal(0),
      }))
      .sort((a, b) => (a.value === b.value ? a.symbol.localeCompare(b.symbol) : a.value > b.value ? -1 : 1)),
  };
}
