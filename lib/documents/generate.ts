/**
 * Generating the documents an investor keeps: a month's statement per account and a confirmation per trade day.
 * Each is rendered once and stored with its SHA-256; the unique (account, kind, period start, month to date) makes a
 * retried or repeated generation find the document already there and write nothing, and the notification that
 * announces it is written in the same transaction, once.
 */
import { createHash } from "node:crypto";
import { db, type Tx } from "../db";
import type { DocumentKind } from "../generated/prisma/client";
import { notify } from "../notifications/notify";
import { newYorkTime } from "../brokerage/market-calendar";
import { renderConfirmation, renderStatement } from "./pdf";
import { dayName, documentTitle, monthName, monthPeriod } from "./statement";
import { settledTrades, statementBooks, startOfDay } from "./statement-books";

export interface Generated {
  documentId: string;
  /** False when the document existed already (nothing written). */
  created: boolean;
  /** Outbox rows written with it (the notification's email): send after commit, or the sweeper will. */
  outboxIds: string[];
}

interface Keep {
  investmentAccountId: string;
  kind: DocumentKind;
  periodStart: string;
  periodEnd: string;
  monthToDate: boolean;
}

async function existing(key: Keep): Promise<string | null> {
  const found = await db.document.findUnique({
    where: {
      investmentAccountId_kind_periodStart_monthToDate: {
        investmentAccountId: key.investmentAccountId,
        kind: key.kind,
        periodStart: startOfDay(key.periodStart),
        monthToDate: key.monthToDate,
      },
    },
    select: { id: true },
  });
  return found?.id ?? null;
}

/** Stores the PDF once, and tells its owner in the same transaction. */
async function keep(key: Keep, content: Buffer, announce: (tx: Tx, documentId: string) => Promise<string[]>): Promise<Generated> {
  return db.$transaction(async (tx) => {
    const [created] = await tx.document.createManyAndReturn({
      data: [
        {
          investmentAccountId: key.investmentAccountId,
          kind: key.kind,
          periodStart: startOfDay(key.periodStart),
          periodEnd: startOfDay(key.periodEnd),
          monthToDate: key.monthToDate,
          content: new Uint8Array(content),
          sha256: createHash("sha256").update(content).digest("hex"),
          size: content.length,
        },
      ],
      skipDuplicates: true,
      select: { id: true },
    });
    if (!created) return { documentId: (await existing(key))!, created: false, outboxIds: [] };
    return { documentId: created.id, created: true, outboxIds: await announce(tx, created.id) };
  });
}

async function ownerOf(tx: Tx, investmentAccountId: string): Promise<string> {
  return (await tx.investmentAccount.findUniqueOrThrow({ where: { id: investmentAccountId }, select: { userId: true } })).userId;
}

/**
 * The statement of `month` (YYYY-MM) for one account. `monthToDate` (an operator's request during the month) covers
 * the month up to `now` and is kept beside, never instead of, the month's own statement.
 */
export async function generateStatement(investmentAccountId: string, month: string, options: { monthToDate?: boolean; now?: Date } = {}): Promise<Generated> {
  const now = options.now ?? new Date();
  const monthToDate = options.monthToDate ?? false;
  const period = monthPeriod(month);
  const key: Keep = { investmentAccountId, kind: "STATEMENT", periodStart: period.start, periodEnd: period.end, monthToDate };
  const found = await existing(key);
  if (found) return { documentId: found, created: false, outboxIds: [] };
  const books = await statementBooks(investmentAccountId, period, { monthToDate, now });
  const content = await renderStatement(books);
  return keep({ ...key, periodEnd: books.period.end }, content, async (tx, documentId) =>
    notify(tx, {
      userId: await ownerOf(tx, investmentAccountId),
      kind: "DOCUMENT",
      title: `Your ${monthName(period.start)} statement is ready`,
      body: `${documentTitle({ ...key, periodEnd: books.period.end })}: your Documents page has it to download.`,
      link: "/documents",
      dedupeKey: `document:${documentId}`,
    }),
  );
}

/** The confirmation of one account's trades on a New York trade date (YYYY-MM-DD); null when it had none. */
export async function generateConfirmation(investmentAccountId: string, day: string, now = new Date()): Promise<Generated | null> {
  const key: Keep = { investmentAccountId, kind: "TRADE_CONFIRMATION", periodStart: day, periodEnd: day, monthToDate: false };
  const found = await existing(key);
  if (found) return { documentId: found, created: false, outboxIds: [] };
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const from = newYorkTime({ year, month, day: date }, 0);
  const to = newYorkTime({ year, month, day: date + 1 }, 0);
  const trades = await settledTrades(investmentAccountId, from, to);
  if (trades.length === 0) return null;
  const account = await db.investmentAccount.findUniqueOrThrow({
    where: { id: investmentAccountId },
    select: { id: true, currency: true, user: { select: { name: true } } },
  });
  const content = await renderConfirmation({ account: { id: account.id, currency: account.currency, holderName: account.user.name }, day, trades, generatedAt: now });
  return keep(key, content, async (tx, documentId) =>
    notify(tx, {
      userId: await ownerOf(tx, investmentAccountId),
      kind: "DOCUMENT",
      title: `Your trade confirmation for ${dayName(day)} is ready`,
      body: "It lists each trade made for you that day, with its price. Your Documents page has it to download.",
      link: "/documents",
      dedupeKey: `document:${documentId}`,
    }),
  );
}

/**
 * Accounts after `after` (id order), a page of at most `limit`, for a month's statements: every account opened before
 * the month ended whose owner had not closed it before the month began.
 */
export async function accountsForStatements(month: string, after: string | null, limit: number): Promise<string[]> {
  const period = monthPeriod(month);
  const rows = await db.investmentAccount.findMany({
    where: {
      createdAt: { lt: new Date(startOfDay(period.end).getTime() + 86_400_000) },
      user: { OR: [{ closedAt: null }, { closedAt: { gte: startOfDay(period.start) } }] },
      ...(after ? { id: { gt: after } } : {}),
    },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** Accounts after `after` with fills settled on New York trade date `day`, a page of at most `limit`. */
export async function accountsWithTrades(day: string, after: string | null, limit: number): Promise<string[]> {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT "investmentAccountId"::text AS id FROM "Order"
    WHERE "settledAt" >= ${newYorkTime({ year, month, day: date }, 0)} AND "settledAt" < ${newYorkTime({ year, month, day: date + 1 }, 0)}
      AND "filledQuantity" > 0 AND "investmentAccountId" > ${after ?? "00000000-0000-0000-0000-000000000000"}::uuid
    ORDER BY 1 LIMIT ${limit}`;
  return rows.map((row) => row.id);
}
