import Decimal from "decimal.js";
import { cache } from "react";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { accountOf } from "../payments/deposits";
import { NotFound } from "../errors";
import type { AssetClass, InvestmentAccountStatus, KycStatus } from "../generated/prisma/client";
import { modelVersion } from "./models";
import { MIN_ORDER } from "./plan";
import { holdingValue } from "../portfolio/account-value";

export interface HoldingRow {
  symbol: string;
  name: string;
  quantity: Decimal;
  price: Decimal;
  /** Cents, rounded down. */
  value: bigint;
  costBasis: bigint;
  /** The fund's asset class (null for a symbol no longer in the universe). */
  assetClass: AssetClass | null;
  weight: Decimal;
  target: Decimal;
}

export interface HoldingsOverview {
  invested: bigint;
  rows: HoldingRow[];
  /** Cash held for orders in flight, or waiting to be invested: the dashboard refreshes until it is. */
  investing: boolean;
  /** When the oldest price of what the account holds was taken (null when it holds nothing). */
  pricesAsOf: Date | null;
}

/** The investor's holdings at the latest prices, with their weight against the model's target. */
export async function holdingsOverview(user: CurrentUser): Promise<HoldingsOverview> {
  return holdingsOf((await accountOf(user)).id);
}

export interface CashOverview {
  currency: string;
  status: InvestmentAccountStatus;
  /** Available to invest or withdraw. */
  cash: bigint;
  /** Set aside for pending orders or withdrawals. */
  held: bigint;
  /** What the investor owes (positive), e.g. after a refund of money already invested. */
  owed: bigint;
  /** Deposits paid but not yet settled (bank transfers). */
  pending: bigint;
  /** The investor's identity check (null before they submit): deposits and investing wait for APPROVED. */
  identity: KycStatus | null;
}

/** The account's status, cash balances, deposits on the way and identity check. */
export async function cashOverview(user: CurrentUser): Promise<CashOverview> {
  const row = await accountFigures((await accountOf(user)).id);
  if (!row) throw new NotFound("You have no investment account yet.");
  return {
    currency: row.currency,
    status: row.status,
    cash: row.cash,
    held: row.held,
    owed: row.owed < 0n ? -row.owed : 0n,
    pending: row.pending,
    identity: row.identity,
  };
}

interface AccountFigures {
  modelVersionId: string | null;
  status: InvestmentAccountStatus;
  currency: string;
  identity: KycStatus | null;
  cash: bigint;
  held: bigint;
  owed: bigint;
  pending: bigint;
  holdings: { symbol: string; name: string | null; assetClass: AssetClass | null; quantity: string; costBasis: string; price: string | null; asOf: string | null }[];
}

/**
 * The account, its balances, deposits on the way, its owner's identity check and its holdings at the latest
 * prices, in one round trip; once per request for a page that shows both the cash and the holdings.
 */
const accountFigures = cache(async (investmentAccountId: string): Promise<AccountFigures | undefined> => {
  const [row] = await db.$queryRaw<AccountFigures[]>`
    SELECT ia."modelVersionId", ia."status"::text AS status, ia."currency",
      (SELECT k."status"::text FROM "KycProfile" k WHERE k."userId" = ia."userId") AS identity,
      balances.cash, balances.held, balances.owed,
      coalesce((SELECT sum(d."amount") FROM "Deposit" d WHERE d."investmentAccountId" = ia."id" AND d."status" = 'PROCESSING'), 0)::bigint AS pending,
      coalesce((
        SELECT json_agg(json_build_object('symbol', h."symbol", 'name', a."name", 'assetClass', a."assetClass", 'quantity', h."quantity"::text,
          'costBasis', h."costBasis"::text, 'price', p."price"::text, 'asOf', p."asOf"))
        FROM "Holding" h LEFT JOIN "Asset" a ON a."symbol" = h."symbol" LEFT JOIN "AssetPrice" p ON p."assetId" = a."id"
        WHERE h."investmentAccountId" = ia."id" AND h."quantity" > 0), '[]') AS holdings
    FROM "InvestmentAccount" ia
    CROSS JOIN LATERAL (
      SELECT coalesce(sum(la."balance") FILTER (WHERE la."kind" = 'INVESTOR_CASH'), 0)::bigint AS cash,
        coalesce(sum(la."balance") FILTER (WHERE la."kind" = 'INVESTOR_CASH_HELD'), 0)::bigint AS held,
        coalesce(sum(la."balance") FILTER (WHERE la."kind" = 'INVESTOR_OWED'), 0)::bigint AS owed
      FROM "LedgerAccount" la WHERE la."investmentAccountId" = ia."id"
    ) balances
    WHERE ia."id" = ${investmentAccountId}::uuid`;
  return row;
});

/** The investor's holdings at the latest prices, with their weight against the model's target. */
export async function holdingsOf(investmentAccountId: string): Promise<HoldingsOverview> {
  const details = await accountFigures(investmentAccountId);
  if (!details) throw new NotFound("No such account.");
  const model = details.modelVersionId ? await modelVersion(details.modelVersionId) : null;
  const valued = details.holdings.map((holding) => {
    const price = new Decimal(holding.price ?? 0);
    const quantity = new Decimal(holding.quantity);
    const value = holdingValue(quantity, price);
    return { symbol: holding.symbol, name: holding.name ?? holding.symbol, assetClass: holding.assetClass, quantity, price, value, costBasis: BigInt(holding.costBasis) };
  });
  const invested = valued.reduce((sum, row) => sum + row.value, 0n);
  const pricedAt = details.holdings.map((holding) => (holding.asOf ? Date.parse(holding.asOf) : Number.NaN)).filter((at) => !Number.isNaN(at));
  const targets = new Map(model?.allocation.map((a) => [a.symbol, a.weight]) ?? []);
  return {
    invested,
    pricesAsOf: pricedAt.length ? new Date(Math.min(...pricedAt)) : null,
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
