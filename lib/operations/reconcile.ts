/**
 * The reconciliation report (ADMIN): our books against themselves and against the outside world.
 * (a) trial balance: postings sum to zero per currency, and each ledger account's balance is its postings';
 * (b) clearing accounts back to zero; (c) Stripe clearing against Stripe's balance transactions, when keys are
 * set; (d) holdings against the broker's positions. Each section lists every difference it finds.
 */
import Decimal from "decimal.js";
import type Stripe from "stripe";
import type { CurrentUser } from "../auth/sessions";
import { broker } from "../brokerage";
import { db } from "../db";
import { env } from "../env";
import { Forbidden } from "../errors";
import type { LedgerAccountKind } from "../generated/prisma/client";
import type { PlatformAccountKind } from "../ledger/accounts";
import { trialBalance } from "../ledger/trial-balance";
import { stripe } from "../payments/stripe";

/** Money in flight: these platform accounts return to zero once it settles. */
export const CLEARING_KINDS = ["STRIPE_CLEARING", "BROKER_CLEARING"] as const satisfies readonly PlatformAccountKind[];

/** How far back Stripe's balance transactions are compared, unless asked otherwise. */
export const STRIPE_PERIOD_DAYS = 30;

export interface TrialBalanceSection {
  totals: { currency: string; total: bigint }[];
  /** Accounts whose stored balance (or posting count) disagrees with their postings. */
  accounts: { ledgerAccountId: bigint; kind: LedgerAccountKind; currency: string; owner: string | null; balance: bigint; postingsSum: bigint }[];
}

export interface ClearingDifference {
  kind: (typeof CLEARING_KINDS)[number];
  currency: string;
  balance: bigint;
}

export type StripeCategory = "charges" | "refunds" | "disputes";

export type StripeSection =
  | { checked: false; reason: string }
  | { checked: true; from: Date; to: Date; differences: { category: StripeCategory; currency: string; ledger: bigint; stripe: bigint }[] };

export interface HoldingDifference {
  /** Null for the broker's fills that match no order of ours, or when the broker reports totals only. */
  investmentAccountId: string | null;
  owner: string | null;
  symbol: string;
  ours: string;
  broker: string;
}

export interface HoldingsSection {
  /** "account": each account's holdings against the broker's fills for its orders; "symbol": totals only (an omnibus broker account). */
  basis: "account" | "symbol";
  differences: HoldingDifference[];
}

export interface Reconciliation {
  ranAt: Date;
  trialBalance: TrialBalanceSection;
  clearing: ClearingDifference[];
  stripe: StripeSection;
  holdings: HoldingsSection;
}

export async function reconcile(actor: CurrentUser, options: { stripeFrom?: Date; stripeTo?: Date } = {}): Promise<Reconciliation> {
  if (actor.role !== "ADMIN") throw new Forbidden("Only an admin can run the reconciliation.");
  const ranAt = new Date();
  const to = options.stripeTo ?? ranAt;
  const from = options.stripeFrom ?? new Date(to.getTime() - STRIPE_PERIOD_DAYS * 24 * 3600_000);
  const [books, clearing, stripeSection, holdings] = await Promise.all([trialBalanceSection(), clearingDifferences(), stripeDifferences(from, to), holdingDifferences()]);
  return { ranAt, trialBalance: books, clearing, stripe: stripeSection, holdings };
}

async function trialBalanceSection(): Promise<TrialBalanceSection> {
  const books = await trialBalance();
  const ids = books.discrepancies.map((row) => row.ledgerAccountId);
  const accounts = ids.length
    ? await db.ledgerAccount.findMany({ where: { id: { in: ids } }, select: { id: true, kind: true, currency: true, investmentAccount: { select: { user: { select: { name: true } } } } } })
    : [];
  return {
    totals: books.totals.map(({ currency, total }) => ({ currency, total })),
    accounts: books.discrepancies.map((row) => {
      const account = accounts.find((a) => a.id === row.ledgerAccountId);
      return {
        ledgerAccountId: row.ledgerAccountId,
        kind: account?.kind ?? "PLATFORM_REVENUE",
        currency: account?.currency ?? "USD",
        owner: account?.investmentAccount?.user.name ?? null,
        balance: row.balance,
        postingsSum: row.postingsSum,
      };
    }),
  };
}

/** Each clearing account (its shards summed) that is not at zero. */
async function clearingDifferences(): Promise<ClearingDifference[]> {
  const rows = await db.ledgerAccount.groupBy({
    by: ["kind", "currency"],
    where: { investmentAccountId: null, kind: { in: [...CLEARING_KINDS] } },
    _sum: { balance: true },
    orderBy: [{ kind: "asc" }, { currency: "asc" }],
  });
  return rows
    .map((row) => ({ kind: row.kind as ClearingDifference["kind"], currency: row.currency, balance: row._sum.balance ?? 0n }))
    .filter((row) => row.balance !== 0n);
}

/** Our entries on Stripe clearing by what caused them; Stripe's balance transactions of the same kinds. */
const CATEGORY_OF_ENTRY: Partial<Record<string, StripeCategory>> = { DEPOSIT: "charges", REFUND: "refunds", DISPUTE: "disputes", REVERSAL: "disputes" };
const CATEGORY_OF_STRIPE: Partial<Record<string, StripeCategory>> = {
  charge: "charges",
  payment: "charges",
  refund: "refunds",
  payment_refund: "refunds",
  payment_failure_refund: "refunds",
  // A refund the payer's bank returned: our entry giving it back to the investor is a REFUND entry too.
  refund_failure: "refunds",
};

function stripeCategory(transaction: Stripe.BalanceTransaction): StripeCategory | undefined {
  if (transaction.type === "adjustment") return transaction.reporting_category.startsWith("dispute") ? "disputes" : undefined;
  return CATEGORY_OF_STRIPE[transaction.type];
}

/**
 * Money Stripe moved for our customers in [from, to) against what we posted to Stripe clearing in the same
 * period, gross (Stripe's fees and payouts are not in our ledger), per category and currency. Our posting is
 * the mirror of Stripe's amount: a charge credits the investor and debits clearing. An entry posted just
 * after Stripe's transaction can fall into the next period.
 */
async function stripeDifferences(from: Date, to: Date): Promise<StripeSection> {
  if (!env().STRIPE_SECRET_KEY) return { checked: false, reason: "Stripe keys not set: not checked." };
  const totals = new Map<string, { category: StripeCategory; currency: string; ledger: bigint; stripe: bigint }>();
  const add = (category: StripeCategory, currency: string, side: "ledger" | "stripe", amount: bigint) => {
    const key = `${category}:${currency}`;
    const row = totals.get(key) ?? { category, currency, ledger: 0n, stripe: 0n };
    row[side] += amount;
    totals.set(key, row);
  };
  const ledger = await db.$queryRaw<{ kind: string; currency: string; amount: bigint }[]>`
    SELECT e."kind"::text AS kind, p."currency", (-sum(p."amount"))::bigint AS amount
    FROM "Posting" p
    JOIN "LedgerAccount" a ON a."id" = p."ledgerAccountId"
    JOIN "JournalEntry" e ON e."id" = p."entryId"
    WHERE a."kind" = 'STRIPE_CLEARING' AND a."investmentAccountId" IS NULL AND e."createdAt" >= ${from} AND e."createdAt" < ${to}
    GROUP BY 1, 2`;
  for (const row of ledger) {
    const category = CATEGORY_OF_ENTRY[row.kind];
    if (category) add(category, row.currency, "ledger", row.amount);
  }
  try {
    const created = { gte: Math.floor(from.getTime() / 1000), lt: Math.floor(to.getTime() / 1000) };
    for await (const transaction of stripe().balanceTransactions.list({ created, limit: 100 })) {
      const category = stripeCategory(transaction);
      if (category) add(category, transaction.currency.toUpperCase(), "stripe", BigInt(transaction.amount));
    }
  } catch (error) {
    return { checked: false, reason: `Could not read Stripe's balance transactions: ${error instanceof Error ? error.message : String(error)}` };
  }
  const differences = [...totals.values()].filter((row) => row.ledger !== row.stripe);
  return { checked: true, from, to, differences: differences.sort((a, b) => a.category.localeCompare(b.category) || a.currency.localeCompare(b.currency)) };
}

/** Differences listed at most; a book this far off needs a person, not a longer table. */
const MAX_HOLDING_DIFFERENCES = 500;

async function holdingDifferences(): Promise<HoldingsSection> {
  const current = broker();
  if (current.name !== "simulated") return { basis: "symbol", differences: await totalsAgainstBroker(current.listPositions()) };
  return { basis: "account", differences: await accountsAgainstSimulatedBook() };
}

/**
 * The simulated broker's book has each fill, whole or partial, under our client order id: its position per
 * account is the sum of the fills of that account's orders. It does not apply splits itself, so splits applied
 * here are applied to fills from before their ex-date, as a broker would (`epoch` counts the splits after a fill).
 */
async function accountsAgainstSimulatedBook(): Promise<HoldingDifference[]> {
  const multipliers = await splitMultipliers();
  const rows = await db.$queryRaw<{ investmentAccountId: string | null; owner: string | null; symbol: string; ours: string; broker: string }[]>`
    WITH ratio AS (
      SELECT * FROM unnest(${multipliers.map((m) => m.symbol)}::text[], ${multipliers.map((m) => m.epoch)}::int[], ${multipliers.map((m) => m.multiplier)}::numeric[])
        AS r("symbol", "epoch", "multiplier")
    ), fills AS (
      SELECT o."investmentAccountId" AS account, b."symbol",
             (SELECT count(*) FROM "CorporateAction" c WHERE c."symbol" = b."symbol" AND c."appliedAt" IS NOT NULL AND c."exDate" > b."filledAt")::int AS "epoch",
             sum(CASE WHEN b."side" = 'BUY' THEN b."filledQuantity" ELSE -b."filledQuantity" END) AS quantity
      FROM "SimulatedBrokerOrder" b
      LEFT JOIN "Order" o ON o."clientOrderId" = b."clientOrderId"
      WHERE b."filledQuantity" > 0
      GROUP BY 1, 2, 3
    ), theirs AS (
      SELECT f.account, f."symbol", sum(round(f.quantity * coalesce(r."multiplier", 1), 6)) AS quantity
      FROM fills f LEFT JOIN ratio r ON r."symbol" = f."symbol" AND r."epoch" = f."epoch"
      GROUP BY 1, 2
    ), ours AS (
      SELECT "investmentAccountId" AS account, "symbol", "quantity" FROM "Holding"
    )
    SELECT coalesce(ours.account, theirs.account) AS "investmentAccountId", u."name" AS owner,
           coalesce(ours."symbol", theirs."symbol") AS "symbol",
           coalesce(ours.quantity, 0)::text AS ours, coalesce(theirs.quantity, 0)::text AS broker
    FROM ours
    FULL JOIN theirs ON theirs.account = ours.account AND theirs."symbol" = ours."symbol"
    LEFT JOIN "InvestmentAccount" ia ON ia."id" = coalesce(ours.account, theirs.account)
    LEFT JOIN "User" u ON u."id" = ia."userId"
    WHERE coalesce(ours.quantity, 0) <> coalesce(theirs.quantity, 0)
    ORDER BY owner NULLS FIRST, 1, 3
    LIMIT ${MAX_HOLDING_DIFFERENCES}`;
  return rows.map((row) => ({ ...row, ours: shares(row.ours), broker: shares(row.broker) }));
}

/** For each symbol with applied splits: the factor for fills made before the last `epoch` of them. */
async function splitMultipliers(): Promise<{ symbol: string; epoch: number; multiplier: string }[]> {
  const splits = await db.corporateAction.findMany({ where: { kind: "SPLIT", appliedAt: { not: null } }, orderBy: [{ symbol: "asc" }, { exDate: "desc" }] });
  const result: { symbol: string; epoch: number; multiplier: string }[] = [];
  let symbol = "";
  let factor = new Decimal(1);
  let epoch = 0;
  for (const split of splits) {
    if (split.symbol !== symbol) [symbol, factor, epoch] = [split.symbol, new Decimal(1), 0];
    factor = factor.times(new Decimal(split.toShares!).dividedBy(split.fromShares!));
    result.push({ symbol, epoch: ++epoch, multiplier: factor.toString() });
  }
  return result;
}

/** A broker that reports one omnibus position per symbol: compared with our holdings summed over accounts. */
async function totalsAgainstBroker(positions: Promise<{ symbol: string; quantity: Decimal }[]>): Promise<HoldingDifference[]> {
  const ours = await db.holding.groupBy({ by: ["symbol"], _sum: { quantity: true } });
  const theirs = new Map((await positions).map((p) => [p.symbol, p.quantity]));
  const symbols = [...new Set([...ours.map((row) => row.symbol), ...theirs.keys()])].sort();
  return symbols.flatMap((symbol) => {
    const held = new Decimal(ours.find((row) => row.symbol === symbol)?._sum.quantity?.toString() ?? 0);
    const reported = theirs.get(symbol) ?? new Decimal(0);
    return held.equals(reported) ? [] : [{ investmentAccountId: null, owner: null, symbol, ours: held.toFixed(6), broker: reported.toFixed(6) }];
  });
}

const shares = (text: string) => new Decimal(text).toFixed(6);
