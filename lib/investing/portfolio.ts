import Decimal from "decimal.js";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { investmentAccountOf } from "../payments/deposits";
import { investorBalances } from "../ledger/accounts";
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
  return holdingsOf((await investmentAccountOf(user)).id);
}

export async function holdingsOf(investmentAccountId: string): Promise<HoldingsOverview> {
  const account = { id: investmentAccountId };
  const [holdings, details, cash] = await Promise.all([
    db.holding.findMany({ where: { investmentAccountId: account.id, quantity: { gt: 0 } } }),
    db.investmentAccount.findUniqueOrThrow({ where: { id: account.id }, select: { modelVersionId: true, status: true } }),
    investorBalances(account.id),
  ]);
  const model = details.modelVersionId ? await modelVersion(details.modelVersionId) : null;
  const assets = await db.asset.findMany({ where: { symbol: { in: holdings.map((h) => h.symbol) } }, include: { price: true } });
  const bySymbol = new Map(assets.map((asset) => [asset.symbol, asset]));
  const valued = holdings.map((holding) => {
    const asset = bySymbol.get(holding.symbol);
    const price = new Decimal(asset?.price?.price.toString() ?? 0);
    const quantity = new Decimal(holding.quantity.toString());
    return { holding, asset, price, quantity, value: BigInt(quantity.times(price).times(100).toDecimalPlaces(0, Decimal.ROUND_DOWN).toFixed(0)) };
  });
  const invested = valued.reduce((sum, row) => sum + row.value, 0n);
  const targets = new Map(model?.allocation.map((a) => [a.symbol, a.weight]) ?? []);
  return {
    invested,
    investing:
      cash.INVESTOR_CASH_HELD > 0n || (details.status === "ACTIVE" && !!details.modelVersionId && cash.INVESTOR_CASH >= MIN_ORDER),
    rows: valued
      .map(({ holding, asset, price, quantity, value }) => ({
        symbol: holding.symbol,
        name: asset?.name ?? holding.symbol,
        quantity,
        price,
        value,
        costBasis: holding.costBasis,
        weight: invested > 0n ? new Decimal(value.toString()).dividedBy(invested.toString()) : new Decimal(0),
        target: targets.get(holding.symbol) ?? new Decimal(0),
      }))
      .sort((a, b) => (a.value === b.value ? a.symbol.localeCompare(b.symbol) : a.value > b.value ? -1 : 1)),
  };
}
