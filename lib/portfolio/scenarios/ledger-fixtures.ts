/**
 * Money and trades for the database scenario specs, through the real ledger (so every flow is valued as the
 * product values it): deposits and withdrawals with Stripe, and one-fund buys and sells at a given price, filled
 * as the simulated broker fills (shares to 1e-6, the cost rounded up to the cent, proceeds rounded down).
 */
import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import { db } from "../../db";
import { investorLedger, platformAccount } from "../../ledger/accounts";
import { postJournalEntry } from "../../ledger/post";

const toCents = (dollars: Decimal, rounding: Decimal.Rounding) => BigInt(dollars.times(100).toFixed(0, rounding));

export async function deposit(accountId: string, amount: bigint): Promise<void> {
  const ledger = await investorLedger(db, accountId);
  await postJournalEntry(db, {
    idempotencyKey: `scenario-deposit:${randomUUID()}`,
    kind: "DEPOSIT",
    postings: [
      { account: await platformAccount("STRIPE_CLEARING", accountId), amount: -amount },
      { account: ledger.INVESTOR_CASH, amount },
    ],
  });
}

export async function withdraw(accountId: string, amount: bigint): Promise<void> {
  const ledger = await investorLedger(db, accountId);
  await postJournalEntry(db, {
    idempotencyKey: `scenario-withdrawal:${randomUUID()}`,
    kind: "WITHDRAWAL",
    postings: [
      { account: ledger.INVESTOR_CASH, amount: -amount },
      { account: await platformAccount("STRIPE_CLEARING", accountId), amount },
    ],
  });
}

/** Changes the holding by `shares` and cash by `cash` in one trade. */
async function trade(accountId: string, symbol: string, shares: Decimal, cash: bigint): Promise<void> {
  const ledger = await investorLedger(db, accountId);
  await postJournalEntry(db, {
    idempotencyKey: `scenario-trade:${randomUUID()}`,
    kind: "TRADE",
    postings: [
      { account: ledger.INVESTOR_CASH, amount: cash },
      { account: await platformAccount("BROKER_CLEARING", accountId), amount: -cash },
    ],
  });
  const holding = await db.holding.findUnique({ where: { investmentAccountId_symbol: { investmentAccountId: accountId, symbol } } });
  const quantity = new Decimal(holding?.quantity.toString() ?? 0).plus(shares);
  // Not an upsert: PostgreSQL checks the row it would insert (a sale's negative cost) before finding the conflict.
  if (holding) await db.holding.update({ where: { investmentAccountId_symbol: { investmentAccountId: accountId, symbol } }, data: { quantity: quantity.toFixed(6) } });
  else await db.holding.create({ data: { investmentAccountId: accountId, symbol, quantity: quantity.toFixed(6), costBasis: -cash } });
}

/** Buys `symbol` with all the available cash at `price`. Returns the shares bought. */
export async function buyWithAllCash(accountId: string, symbol: string, price: string): Promise<Decimal> {
  const { balance } = await db.ledgerAccount.findFirstOrThrow({ where: { investmentAccountId: accountId, kind: "INVESTOR_CASH" } });
  const shares = new Decimal(balance.toString()).dividedBy(100).dividedBy(price).toDecimalPlaces(6, Decimal.ROUND_DOWN);
  await trade(accountId, symbol, shares, -toCents(shares.times(price), Decimal.ROUND_UP));
  return shares;
}

/** Sells enough of `symbol` at `price` to raise at least `amount` cents. */
export async function sellFor(accountId: string, symbol: string, amount: bigint, price: string): Promise<void> {
  const shares = new Decimal(amount.toString()).dividedBy(100).dividedBy(price).toDecimalPlaces(6, Decimal.ROUND_UP);
  await trade(accountId, symbol, shares.negated(), toCents(shares.times(price), Decimal.ROUND_DOWN));
}

/** What the account's flows and snapshots so far would be had they been written a day earlier. */
export async function moveToYesterday(accountId: string): Promise<void> {
  await db.$executeRaw`UPDATE "PortfolioFlow" SET "at" = "at" - interval '1 day' WHERE "investmentAccountId" = ${accountId}::uuid`;
  await db.$executeRaw`UPDATE "PortfolioSnapshot" SET "date" = "date" - 1 WHERE "investmentAccountId" = ${accountId}::uuid`;
}

export const DAY_MS = 86_400_000;
export const dateOf = (day: Date) => day.toISOString().slice(0, 10);
