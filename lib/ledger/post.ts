import type { Tx } from "../db";
import { db, postgresError } from "../db";
import type { JournalEntryKind } from "../generated/prisma/client";
import { EXTERNAL_KINDS, recordFlows } from "../portfolio/flows";
import { InsufficientFunds, InvalidJournalEntry } from "./errors";

export interface PostingInput {
  /** LedgerAccount id. */
  account: bigint;
  /** Signed minor units: negative leaves the account, positive enters it. */
  amount: bigint;
}

export interface JournalEntryInput {
  /** Unique forever: posting the same key again returns the original entry and changes nothing. */
  idempotencyKey: string;
  kind: JournalEntryKind;
  cause?: { type: string; id: string };
  memo?: string;
  postings: PostingInput[];
}

export interface PostedEntry {
  idempotencyKey: string;
  entryId: bigint;
  /** False when the key had been used before (nothing was posted this time). */
  created: boolean;
}

type Client = Tx | typeof db;

/** Checks what can be checked without the accounts (their currencies live in the database). */
function assertWellFormed(entry: JournalEntryInput): void {
  if (entry.postings.length < 2) throw new InvalidJournalEntry(`${entry.idempotencyKey}: needs at least two postings`);
  for (const posting of entry.postings) {
    if (typeof posting.amount !== "bigint" || posting.amount === 0n) {
      throw new InvalidJournalEntry(`${entry.idempotencyKey}: amounts are non-zero bigints`);
    }
  }
  if (entry.postings.reduce((sum, posting) => sum + posting.amount, 0n) !== 0n) {
    throw new InvalidJournalEntry(`${entry.idempotencyKey}: postings do not sum to zero`);
  }
}

const external = new Set<string>(EXTERNAL_KINDS);

/**
 * Money into or out of an investor's account is valued at the moment it moves (recordFlows), in the posting's
 * transaction: a transaction is opened for it when the caller has none.
 */
async function withFlows(client: Client, entries: JournalEntryInput[], post: (client: Client) => Promise<PostedEntry[]>): Promise<PostedEntry[]> {
  if (!entries.some((entry) => external.has(entry.kind))) return post(client);
  const postAndRecord = async (tx: Tx) => {
    const posted = await post(tx);
    await recordFlows(tx, posted.filter((row, i) => row.created && external.has(entries[i]!.kind)).map((row) => row.entryId));
    return posted;
  };
  return "$transaction" in client ? client.$transaction(postAndRecord) : postAndRecord(client);
}

/**
 * Posts journal entries in one statement (one round trip) through ledger_post_batch, in the caller's transaction when given one.
 * Every entry balances per currency; investor cash never goes negative (InsufficientFunds, nothing written);
 * a used idempotency key returns the original entry.
 */
export async function postJournalEntries(client: Client, entries: JournalEntryInput[]): Promise<PostedEntry[]> {
  if (entries.length === 0) return [];
  entries.forEach(assertWellFormed);
  return withFlows(client, entries, (client) => postBatch(client, entries));
}

async function postBatch(client: Client, entries: JournalEntryInput[]): Promise<PostedEntry[]> {
  const postings = entries.flatMap((entry, index) => entry.postings.map((posting) => ({ entry: index + 1, ...posting })));
  const rows = await callLedger<{ idempotency_key: string; entry_id: bigint; created: boolean }>(
    client,
    `SELECT * FROM ledger_post_batch($1::text[], $2::"JournalEntryKind"[], $3::text[], $4::text[], $5::text[], $6::int[], $7::bigint[], $8::bigint[])`,
    entries.map((entry) => entry.idempotencyKey),
    entries.map((entry) => entry.kind),
    entries.map((entry) => entry.cause?.type ?? null),
    entries.map((entry) => entry.cause?.id ?? null),
    entries.map((entry) => entry.memo ?? null),
    postings.map((posting) => posting.entry),
    postings.map((posting) => posting.account.toString()),
    postings.map((posting) => posting.amount.toString()),
  );
  return rows.map((row) => ({ idempotencyKey: row.idempotency_key, entryId: BigInt(row.entry_id), created: row.created }));
}

/** Runs a ledger function, turning its SQLSTATEs into domain errors. */
async function callLedger<T>(client: Client, sql: string, ...values: unknown[]): Promise<T[]> {
  try {
    return await client.$queryRawUnsafe<T[]>(sql, ...values);
  } catch (error) {
    const cause = postgresError(error);
    // AV001 from ledger_post, or the account's own CHECK when the final balance is what goes negative.
    if (cause?.code === "AV001" || (cause?.code === "23514" && cause.message.includes("LedgerAccount_no_overdraft"))) {
      const account = cause.message.match(/ledger account (\d+)/)?.[1];
      throw new InsufficientFunds(account ? BigInt(account) : undefined);
    }
    if (cause?.code === "AV002") throw new InvalidJournalEntry(cause.message);
    throw error;
  }
}

/** One entry, on ledger_post_entry's fast path (the same invariants as the batch). */
export async function postJournalEntry(client: Client, entry: JournalEntryInput): Promise<PostedEntry> {
  assertWellFormed(entry);
  const [posted] = await withFlows(client, [entry], async (client) => [await postOne(client, entry)]);
  return posted!;
}

async function postOne(client: Client, entry: JournalEntryInput): Promise<PostedEntry> {
  const [row] = await callLedger<{ entry_id: bigint; created: boolean }>(
    client,
    `SELECT * FROM ledger_post_entry($1, $2::"JournalEntryKind", $3, $4, $5, $6::bigint[], $7::bigint[])`,
    entry.idempotencyKey,
    entry.kind,
    entry.cause?.type ?? null,
    entry.cause?.id ?? null,
    entry.memo ?? null,
    entry.postings.map((posting) => posting.account.toString()),
    entry.postings.map((posting) => posting.amount.toString()),
  );
  return { idempotencyKey: entry.idempotencyKey, entryId: BigInt(row!.entry_id), created: row!.created };
}

/** The entry that undoes `entryId`: the same postings with opposite signs, under its own key. */
export async function reverseJournalEntry(
  client: Client,
  entryId: bigint,
  options: { idempotencyKey: string; memo?: string; cause?: { type: string; id: string } },
): Promise<PostedEntry> {
  const postings = await client.posting.findMany({
    where: { entryId },
    orderBy: { id: "asc" },
    select: { ledgerAccountId: true, amount: true },
  });
  if (postings.length === 0) throw new InvalidJournalEntry(`no journal entry ${entryId}`);
  return postJournalEntry(client, {
    idempotencyKey: options.idempotencyKey,
    kind: "REVERSAL",
    cause: options.cause ?? { type: "JournalEntry", id: entryId.toString() },
    memo: options.memo,
    postings: postings.map((posting) => ({ account: posting.ledgerAccountId, amount: -posting.amount })),
  });
}
