import type { Tx } from "../db";
import { db } from "../db";
import type { InvestmentAccountType, LedgerAccountKind } from "../generated/prisma/client";

export type PlatformAccountKind = Extract<LedgerAccountKind, "STRIPE_CLEARING" | "BROKER_CLEARING" | "PLATFORM_REVENUE">;
export type InvestorAccountKind = Extract<LedgerAccountKind, "INVESTOR_CASH" | "INVESTOR_CASH_HELD" | "INVESTOR_OWED">;

/** Investor cash can never go negative; what an investor owes is a balance that can. */
const INVESTOR_KINDS: { kind: InvestorAccountKind; allowNegative: boolean }[] = [
  { kind: "INVESTOR_CASH", allowNegative: false },
  { kind: "INVESTOR_CASH_HELD", allowNegative: false },
  { kind: "INVESTOR_OWED", allowNegative: true },
];

/** Opens an investment account with its ledger accounts (in the caller's transaction). */
export async function openInvestmentAccount(
  tx: Tx,
  userId: string,
  type: InvestmentAccountType = "TAXABLE",
  currency = "USD",
): Promise<{ id: string }> {
  const account = await tx.investmentAccount.create({ data: { userId, type, currency }, select: { id: true } });
  await tx.ledgerAccount.createMany({
    data: INVESTOR_KINDS.map(({ kind, allowNegative }) => ({ kind, allowNegative, currency, investmentAccountId: account.id })),
  });
  return account;
}

export type InvestorLedger = Record<InvestorAccountKind, bigint>;

/** The ledger account ids of an investment account, by kind. */
export async function investorLedger(client: Tx | typeof db, investmentAccountId: string): Promise<InvestorLedger> {
  const rows = await client.ledgerAccount.findMany({
    where: { investmentAccountId },
    select: { id: true, kind: true },
  });
  const ledger = Object.fromEntries(rows.map((row) => [row.kind, row.id])) as Partial<InvestorLedger>;
  if (ledger.INVESTOR_CASH === undefined || ledger.INVESTOR_CASH_HELD === undefined || ledger.INVESTOR_OWED === undefined) {
    throw new Error(`investment account ${investmentAccountId} has no ledger accounts`);
  }
  return ledger as InvestorLedger;
}

export const PLATFORM_SHARDS = 16;

/** A stable shard for a key (FNV-1a): the same investor always lands on the same clearing shard. */
export function shardOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % PLATFORM_SHARDS;
}

let platformIds: Promise<Map<string, bigint>> | undefined;

/**
 * One shard of a platform clearing or revenue account (created by the migration; ids cached). Postings
 * for an investor use the shard of their investment account id, spreading concurrent postings over rows.
 */
export async function platformAccount(kind: PlatformAccountKind, shardKey: string, currency = "USD"): Promise<bigint> {
  platformIds ??= db.ledgerAccount
    .findMany({ where: { investmentAccountId: null }, select: { id: true, kind: true, currency: true, shard: true } })
    .then((rows) => new Map(rows.map((row) => [`${row.kind}:${row.currency}:${row.shard}`, row.id])));
  const id = (await platformIds).get(`${kind}:${currency}:${shardOf(shardKey)}`);
  if (id === undefined) {
    platformIds = undefined;
    throw new Error(`no ${kind} account in ${currency}`);
  }
  return id;
}

/** A platform account's balance: the sum of its shards. Clearing accounts return to zero once money settles. */
export async function platformBalance(kind: PlatformAccountKind, currency = "USD"): Promise<bigint> {
  const result = await db.ledgerAccount.aggregate({
    where: { kind, currency, investmentAccountId: null },
    _sum: { balance: true },
  });
  return result._sum.balance ?? 0n;
}

/** Current balances of an investment account's ledger accounts (one row read each; no summing). */
export async function investorBalances(investmentAccountId: string): Promise<InvestorLedger> {
  const rows = await db.ledgerAccount.findMany({
    where: { investmentAccountId },
    select: { kind: true, balance: true },
  });
  const balances: InvestorLedger = { INVESTOR_CASH: 0n, INVESTOR_CASH_HELD: 0n, INVESTOR_OWED: 0n };
  for (const row of rows) balances[row.kind as InvestorAccountKind] = row.balance;
  return balances;
}
