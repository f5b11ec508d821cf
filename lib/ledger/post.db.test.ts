import { describe, expect, it } from "vitest";
import { createUser } from "../../scripts/test/factories";
import { seededRandom } from "../../scripts/test/random";
import { db } from "../db";
import { investorBalances, investorLedger, platformAccount, platformBalance, shardOf } from "./accounts";
import { InsufficientFunds, InvalidJournalEntry } from "./errors";
import { postJournalEntries, postJournalEntry, reverseJournalEntry, type JournalEntryInput } from "./post";
import { trialBalance } from "./trial-balance";

async function investor() {
  const user = await createUser("INVESTOR");
  const account = await db.investmentAccount.findFirstOrThrow({ where: { userId: user.id } });
  return { accountId: account.id, ledger: await investorLedger(db, account.id), stripe: await platformAccount("STRIPE_CLEARING", account.id) };
}

const deposit = (key: string, to: bigint, from: bigint, amount: bigint): JournalEntryInput => ({
  idempotencyKey: key,
  kind: "DEPOSIT",
  postings: [
    { account: from, amount: -amount },
    { account: to, amount },
  ],
});

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

describe("postJournalEntry", () => {
  it("moves money between accounts and records each account's balance and version after it", async () => {
    const { accountId, ledger, stripe } = await investor();
    const posted = await postJournalEntry(db, deposit(`t1-${accountId}`, ledger.INVESTOR_CASH, stripe, 50_000n));
    expect(posted.created).toBe(true);
    await postJournalEntry(db, deposit(`t2-${accountId}`, ledger.INVESTOR_CASH, stripe, 2_550n));

    expect((await investorBalances(accountId)).INVESTOR_CASH).toBe(52_550n);
    const postings = await db.posting.findMany({ where: { ledgerAccountId: ledger.INVESTOR_CASH }, orderBy: { id: "asc" } });
    expect(postings.map((p) => [p.amount, p.balanceAfter, p.accountVersion])).toEqual([
      [50_000n, 50_000n, 1n],
      [2_550n, 52_550n, 2n],
    ]);
    expect(postings.every((p) => p.currency === "USD")).toBe(true);
  });

  it("returns the original entry for a used key and changes nothing", async () => {
    const { accountId, ledger, stripe } = await investor();
    const first = await postJournalEntry(db, deposit(`dup-${accountId}`, ledger.INVESTOR_CASH, stripe, 10_000n));
    const again = await postJournalEntry(db, deposit(`dup-${accountId}`, ledger.INVESTOR_CASH, stripe, 99_999n));
    expect(again).toEqual({ ...first, created: false });
    expect((await investorBalances(accountId)).INVESTOR_CASH).toBe(10_000n);
    expect(await db.posting.count({ where: { entryId: first.entryId } })).toBe(2);
  });

  it("refuses to take investor cash below zero and writes nothing", async () => {
    const { accountId, ledger, stripe } = await investor();
    await postJournalEntry(db, deposit(`in-${accountId}`, ledger.INVESTOR_CASH, stripe, 1_000n));
    const before = await db.journalEntry.count();
    const error = await errorOf(postJournalEntry(db, deposit(`out-${accountId}`, stripe, ledger.INVESTOR_CASH, 1_001n)));
    expect(error).toBeInstanceOf(InsufficientFunds);
    expect((error as InsufficientFunds).ledgerAccountId).toBe(ledger.INVESTOR_CASH);
    expect(await db.journalEntry.count()).toBe(before);
    expect((await investorBalances(accountId)).INVESTOR_CASH).toBe(1_000n);
    // Exactly the balance is fine.
    await postJournalEntry(db, deposit(`out2-${accountId}`, stripe, ledger.INVESTOR_CASH, 1_000n));
    expect((await investorBalances(accountId)).INVESTOR_CASH).toBe(0n);
  });

  it("refuses malformed entries before touching the database", async () => {
    const { ledger, stripe } = await investor();
    const cash = ledger.INVESTOR_CASH;
    expect(await errorOf(postJournalEntry(db, { idempotencyKey: "x1", kind: "DEPOSIT", postings: [{ account: cash, amount: 5n }] }))).toBeInstanceOf(InvalidJournalEntry);
    expect(await errorOf(postJournalEntry(db, { idempotencyKey: "x2", kind: "DEPOSIT", postings: [{ account: cash, amount: 5n }, { account: stripe, amount: -4n }] }))).toBeInstanceOf(InvalidJournalEntry);
    expect(await errorOf(postJournalEntry(db, { idempotencyKey: "x3", kind: "DEPOSIT", postings: [{ account: cash, amount: 0n }, { account: stripe, amount: 0n }] }))).toBeInstanceOf(InvalidJournalEntry);
    const unknown = await errorOf(postJournalEntry(db, deposit("x4", 987_654n, stripe, 5n)));
    expect(unknown).toBeInstanceOf(InvalidJournalEntry);
    expect((unknown as Error).message).toMatch(/no ledger account 987654/);
  });

  it("is append-only: the database refuses to edit or delete entries and postings", async () => {
    const { accountId, ledger, stripe } = await investor();
    const { entryId } = await postJournalEntry(db, deposit(`ao-${accountId}`, ledger.INVESTOR_CASH, stripe, 700n));
    await expect(db.posting.updateMany({ where: { entryId }, data: { amount: 1n } })).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.posting.deleteMany({ where: { entryId } })).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.journalEntry.delete({ where: { id: entryId } })).rejects.toThrow(/append-only: DELETE refused/);
    await expect(
      db.$executeRaw`INSERT INTO "Posting" ("entryId", "ledgerAccountId", "amount", "currency", "balanceAfter", "accountVersion")
                     VALUES (${entryId}, ${stripe}, 5, 'USD', 0, 999999)`,
    ).rejects.toThrow(/does not balance/);
  });

  it("corrects mistakes with a reversing entry", async () => {
    const { accountId, ledger, stripe } = await investor();
    const { entryId } = await postJournalEntry(db, deposit(`rv-${accountId}`, ledger.INVESTOR_CASH, stripe, 4_200n));
    const reversal = await reverseJournalEntry(db, entryId, { idempotencyKey: `rv-${accountId}:reversal` });
    expect(reversal.created).toBe(true);
    expect((await investorBalances(accountId)).INVESTOR_CASH).toBe(0n);
    expect(await db.journalEntry.findUniqueOrThrow({ where: { id: reversal.entryId } })).toMatchObject({
      kind: "REVERSAL",
      causeType: "JournalEntry",
      causeId: entryId.toString(),
    });
  });
});

describe("postJournalEntries (batch)", () => {
  it("posts many entries in one transaction, skipping used keys", async () => {
    const { accountId, ledger, stripe } = await investor();
    await postJournalEntry(db, deposit(`b-0-${accountId}`, ledger.INVESTOR_CASH, stripe, 100n));
    const entries = Array.from({ length: 50 }, (_, i) => deposit(`b-${i}-${accountId}`, ledger.INVESTOR_CASH, stripe, 100n));
    const posted = await postJournalEntries(db, entries);
    expect(posted.filter((p) => p.created)).toHaveLength(49);
    expect((await investorBalances(accountId)).INVESTOR_CASH).toBe(5_000n);
    const versions = (await db.posting.findMany({ where: { ledgerAccountId: ledger.INVESTOR_CASH }, orderBy: { accountVersion: "asc" } })).map((p) => p.accountVersion);
    expect(versions).toEqual(Array.from({ length: 50 }, (_, i) => BigInt(i + 1)));
  });

  it("refuses the whole batch when any step would overdraw, even if a later one refills it", async () => {
    const { accountId, ledger, stripe } = await investor();
    const before = await db.journalEntry.count();
    const error = await errorOf(
      postJournalEntries(db, [
        deposit(`o-1-${accountId}`, stripe, ledger.INVESTOR_CASH, 500n), // cash would be -500 here
        deposit(`o-2-${accountId}`, ledger.INVESTOR_CASH, stripe, 1_000n),
      ]),
    );
    expect(error).toBeInstanceOf(InsufficientFunds);
    expect(await db.journalEntry.count()).toBe(before);
  });
});

describe("the ledger under concurrency", () => {
  it("keeps every invariant through random postings from many clients at once", async () => {
    const seed = Number(process.env.LEDGER_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const investors = await Promise.all(Array.from({ length: 6 }, () => investor()));
    const cash = investors.flatMap(({ ledger }) => [ledger.INVESTOR_CASH, ledger.INVESTOR_CASH_HELD]);
    // Few clearing shards on purpose: more contention between the clients.
    const accounts = [...cash, await platformAccount("STRIPE_CLEARING", "a"), await platformAccount("BROKER_CLEARING", "b")];
    const keys: string[] = [];

    const client = async (id: number) => {
      const outcomes = { posted: 0, refused: 0, replayed: 0 };
      for (let i = 0; i < 60; i++) {
        // Sometimes replay an earlier key (a retried request); otherwise a new transfer.
        const replay = keys.length > 0 && random.next() < 0.1;
        const key = replay ? random.pick(keys) : `p-${seed}-${id}-${i}`;
        if (!replay) keys.push(key);
        const from = random.pick(accounts);
        let to = random.pick(accounts);
        while (to === from) to = random.pick(accounts);
        const amount = BigInt(random.int(1, 20_000));
        try {
          const posted = await postJournalEntry(db, { idempotencyKey: key, kind: "TRANSFER", postings: [{ account: from, amount: -amount }, { account: to, amount }] });
          outcomes[posted.created ? "posted" : "replayed"]++;
        } catch (error) {
          if (!(error instanceof InsufficientFunds)) throw error;
          outcomes.refused++;
        }
      }
      return outcomes;
    };
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, id) => client(id)));
    const total = outcomes.reduce((sum, o) => ({ posted: sum.posted + o.posted, refused: sum.refused + o.refused, replayed: sum.replayed + o.replayed }));
    expect(total.posted, `seed ${seed}`).toBeGreaterThan(50);
    expect(total.refused, `seed ${seed}: some transfers should have overdrawn`).toBeGreaterThan(0);

    const books = await trialBalance();
    expect(books.discrepancies, `seed ${seed}`).toEqual([]);
    expect(books.balanced, `seed ${seed}`).toBe(true);
    const negative = await db.ledgerAccount.count({ where: { allowNegative: false, balance: { lt: 0 } } });
    expect(negative, `seed ${seed}`).toBe(0);
    const negativeSteps = await db.posting.count({ where: { ledgerAccountId: { in: cash }, balanceAfter: { lt: 0 } } });
    expect(negativeSteps, `seed ${seed}`).toBe(0);
  });

  it("gives the exact balance after 100 concurrent deposits to one account", async () => {
    const { accountId, ledger, stripe } = await investor();
    await Promise.all(Array.from({ length: 100 }, (_, i) => postJournalEntry(db, deposit(`c-${i}-${accountId}`, ledger.INVESTOR_CASH, stripe, 1_234n))));
    expect((await investorBalances(accountId)).INVESTOR_CASH).toBe(123_400n);
    expect((await db.ledgerAccount.findUniqueOrThrow({ where: { id: ledger.INVESTOR_CASH } })).version).toBe(100n);
  });
});

describe("platform accounts", () => {
  it("are sharded by investor, and their balance is the sum of the shards", async () => {
    expect(shardOf("same key")).toBe(shardOf("same key"));
    const shards = new Set(Array.from({ length: 200 }, (_, i) => shardOf(`investor-${i}`)));
    expect(shards.size).toBe(16);

    const before = await platformBalance("STRIPE_CLEARING");
    const a = await investor();
    const b = await investor();
    await postJournalEntry(db, deposit(`s-${a.accountId}`, a.ledger.INVESTOR_CASH, a.stripe, 1_500n));
    await postJournalEntry(db, deposit(`s-${b.accountId}`, b.ledger.INVESTOR_CASH, b.stripe, 2_500n));
    expect(await platformBalance("STRIPE_CLEARING")).toBe(before - 4_000n);
  });

  it("cannot be deleted", async () => {
    const { stripe } = await investor();
    await expect(db.ledgerAccount.delete({ where: { id: stripe } })).rejects.toThrow(/DELETE refused/);
  });
});
