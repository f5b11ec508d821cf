/**
 * Reading the audit trail: an ADMIN sees every record; an ADVISOR the records about themselves and the clients
 * assigned to them; investors none. Filters, keyset pages (newest first), the CSV export (itself audited) and
 * the chain's verification and its latest seal for keeping outside the database. The chain is sealed first
 * each time, so what is shown is also what is sealed.
 */
import { z } from "zod";
import { normaliseEmail } from "../auth/email";
import { isStaff } from "../auth/roles";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { Forbidden } from "../errors";
import { AuditAction, Prisma } from "../generated/prisma/client";
import type { RequestContext } from "../http/request-context";
import { csvCell } from "../portfolio/api-views";
import { parseInput } from "../validation";
import { canonicalJson, type JsonValue } from "./canonical";
import { latestSeal, sealPending, UnkeyedChainBroken, verifyChain, type ChainBreak, type ChainReport } from "./chain";
import type { ExportedSeal } from "./exported-seal";
import { recordAudit } from "./record";

export const AUDIT_PAGE_SIZE = 50;

/**
 * Seals what is waiting before records are read. A broken unkeyed chain stops the sealer (lib/audit/chain.ts):
 * the trail can still be read, and verification reports the break.
 */
async function sealWaiting(): Promise<UnkeyedChainBroken | null> {
  try {
    await sealPending();
    return null;
  } catch (error) {
    if (error instanceof UnkeyedChainBroken) return error;
    throw error;
  }
}
const EXPORT_PAGE_SIZE = 1_000;
const DAY_MS = 86_400_000;

const day = z.iso.date({ error: "Enter the date as YYYY-MM-DD." });

const auditQuery = z
  .object({
    actor: z.string().max(254, "That email address is too long.").transform(normaliseEmail).optional(),
    action: z.enum(AuditAction, { error: "Choose an action from the list." }).optional(),
    targetType: z.string().trim().max(64, "Use at most 64 characters.").optional(),
    targetId: z.string().trim().max(200, "Use at most 200 characters.").optional(),
    from: day.optional(),
    to: day.optional(),
    /** The keyset cursor: records with a lower id than this (the last one of the page before). */
    before: z
      .string()
      .regex(/^[1-9]\d{0,17}$/, "That page link is not valid.")
      .transform((value) => BigInt(value))
      .optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { path: ["to"], message: "The end date is before the start date." });

export type AuditQuery = z.infer<typeof auditQuery>;
export const AUDIT_FILTERS = ["actor", "action", "targetType", "targetId", "from", "to"] as const;

/**
 * Query parameters as a page or route receives them (a repeated one counts once; empty ones are no filter).
 * Throws InvalidInput, with a message per field, for a filter that cannot be applied as written.
 */
export function parseAuditQuery(params: Record<string, string | string[] | undefined> | URLSearchParams): AuditQuery {
  const entries = params instanceof URLSearchParams ? [...params.keys()].map((key) => [key, params.get(key)] as const) : Object.entries(params);
  const first = Object.fromEntries(entries.map(([key, value]) => [key, (Array.isArray(value) ? value[0] : value)?.trim() || undefined]));
  return parseInput(auditQuery, first);
}

export interface AuditRecordView {
  id: bigint;
  at: Date;
  actor: { id: string; name: string; email: string } | null;
  action: AuditAction;
  target: { type: string; id: string | null } | null;
  ip: string | null;
  userAgent: string | null;
  details: JsonValue;
  /** The record's place in the hash chain; null until sealed. */
  sealSeq: bigint | null;
}

/**
 * The records `actor` may read. An advisor's: those they did or that were done to them, those their clients
 * did, and those about their clients or their clients' investment accounts (as the target, or named in the
 * details as deposits and orders name their account).
 */
function scopeOf(actor: CurrentUser): Prisma.Sql {
  if (actor.role === "ADMIN") return Prisma.sql`TRUE`;
  if (actor.role !== "ADVISOR") throw new Forbidden("Only advisors and admins see the audit trail.");
  const clients = Prisma.sql`SELECT c."id" FROM "User" c WHERE c."advisorId" = ${actor.id}::uuid`;
  const accounts = Prisma.sql`SELECT ia."id"::text FROM "InvestmentAccount" ia WHERE ia."userId" IN (${clients})`;
  return Prisma.sql`(
    a."actorId" = ${actor.id}::uuid
    OR a."actorId" IN (${clients})
    OR (a."targetType" = 'User' AND (a."targetId" = ${actor.id} OR a."targetId" IN (SELECT c."id"::text FROM "User" c WHERE c."advisorId" = ${actor.id}::uuid)))
    OR (a."targetType" = 'InvestmentAccount' AND a."targetId" IN (${accounts}))
    OR a."details"->>'investmentAccountId' IN (${accounts})
  )`;
}

function conditionsOf(actor: CurrentUser, query: AuditQuery): Prisma.Sql {
  const conditions = [scopeOf(actor)];
  if (query.actor) conditions.push(Prisma.sql`a."actorId" = (SELECT u."id" FROM "User" u WHERE u."email" = ${query.actor})`);
  if (query.action) conditions.push(Prisma.sql`a."action" = ${query.action}::"AuditAction"`);
  if (query.targetType) conditions.push(Prisma.sql`a."targetType" = ${query.targetType}`);
  if (query.targetId) conditions.push(Prisma.sql`a."targetId" = ${query.targetId}`);
  // Dates are whole days in UTC, as every time on the staff pages is shown.
  if (query.from) conditions.push(Prisma.sql`a."at" >= ${new Date(`${query.from}T00:00:00Z`)}`);
  if (query.to) conditions.push(Prisma.sql`a."at" < ${new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY_MS)}`);
  if (query.before) conditions.push(Prisma.sql`a."id" < ${query.before}`);
  return Prisma.join(conditions, " AND ");
}

interface RecordRow {
  id: bigint;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  action: AuditAction;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: string;
  sealSeq: bigint | null;
}

/** Newest first by id: ids follow insertion, and the primary key serves the order and the cursor. */
async function readRecords(actor: CurrentUser, query: AuditQuery, limit: number): Promise<AuditRecordView[]> {
  const rows = await db.$queryRaw<RecordRow[]>`
    SELECT a."id", a."at", a."actorId"::text AS "actorId", u."name" AS "actorName", u."email" AS "actorEmail", a."action"::text AS "action",
      a."targetType", a."targetId", a."ip", a."userAgent", a."details"::text AS "details", s."seq" AS "sealSeq"
    FROM "AuditLog" a
    LEFT JOIN "User" u ON u."id" = a."actorId"
    LEFT JOIN "AuditSeal" s ON s."auditId" = a."id"
    WHERE ${conditionsOf(actor, query)}
    ORDER BY a."id" DESC
    LIMIT ${limit}`;
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    actor: row.actorId ? { id: row.actorId, name: row.actorName ?? "", email: row.actorEmail ?? "" } : null,
    action: row.action,
    target: row.targetType || row.targetId ? { type: row.targetType ?? "", id: row.targetId } : null,
    ip: row.ip,
    userAgent: row.userAgent,
    details: JSON.parse(row.details) as JsonValue,
    sealSeq: row.sealSeq,
  }));
}

function requireStaff(actor: CurrentUser): void {
  if (!isStaff(actor.role)) throw new Forbidden("Only advisors and admins see the audit trail.");
}

/** One page of the records `actor` may read that match `query`, and the cursor of the next page, if any. */
export async function listAuditRecords(actor: CurrentUser, query: AuditQuery): Promise<{ records: AuditRecordView[]; nextBefore: bigint | null }> {
  requireStaff(actor);
  await sealWaiting();
  const records = await readRecords(actor, query, AUDIT_PAGE_SIZE + 1);
  const more = records.length > AUDIT_PAGE_SIZE;
  if (more) records.pop();
  return { records, nextBefore: more ? records.at(-1)!.id : null };
}

/** The filters that are set, as written, for the export's own audit record. */
function filterOf(query: AuditQuery): Prisma.InputJsonObject {
  return Object.fromEntries(AUDIT_FILTERS.flatMap((key) => (query[key] ? [[key, query[key]]] : [])));
}

export const AUDIT_CSV_HEADER = "id,at,actor_email,actor_name,action,target_type,target_id,ip,user_agent,details,seal_seq";

function csvLine(record: AuditRecordView): string {
  return [
    record.id.toString(),
    record.at.toISOString(),
    record.actor?.email ?? "",
    record.actor?.name ?? "",
    record.action,
    record.target?.type ?? "",
    record.target?.id ?? "",
    record.ip ?? "",
    record.userAgent ?? "",
    canonicalJson(record.details),
    record.sealSeq?.toString() ?? "",
  ]
    .map(csvCell)
    .join(",");
}

/**
 * Exports every record `actor` may read that matches `query` (whatever page it came from) as CSV lines
 * (RFC 4180, CRLF-terminated, header first), read a thousand at a time as the caller consumes them. The export
 * is audited, with its filter, before anything is read.
 */
export async function exportAuditTrail(actor: CurrentUser, query: AuditQuery, context: RequestContext): Promise<AsyncGenerator<string>> {
  requireStaff(actor);
  await sealWaiting();
  await db.$transaction((tx) =>
    recordAudit(tx, { action: "AUDIT_TRAIL_EXPORTED", actorId: actor.id, context, details: { filter: filterOf(query) } }),
  );
  return (async function* lines() {
    yield `${AUDIT_CSV_HEADER}\r\n`;
    let before: bigint | undefined;
    for (;;) {
      const records = await readRecords(actor, { ...query, before }, EXPORT_PAGE_SIZE);
      if (records.length > 0) yield records.map((record) => `${csvLine(record)}\r\n`).join("");
      if (records.length < EXPORT_PAGE_SIZE) return;
      before = records.at(-1)!.id;
    }
  })();
}

export type TrailReport = ChainReport | { status: "unkeyed chain broken"; seq: bigint; auditId: bigint; reason: ChainBreak };

/**
 * Verifies the whole chain, after sealing what is waiting, and, given an exported seal, that the chain still
 * holds it unchanged. For admins: it covers every client's records.
 */
export async function verifyAuditTrail(actor: CurrentUser, anchor?: ExportedSeal): Promise<TrailReport> {
  if (actor.role !== "ADMIN") throw new Forbidden("Only admins verify the audit trail.");
  const refused = await sealWaiting();
  if (refused) return { status: "unkeyed chain broken", seq: refused.seq, auditId: refused.auditId, reason: refused.reason };
  return verifyChain({ anchor });
}

/** The chain's latest seal, after sealing what is waiting, for admins to keep outside the database (docs/audit.md). */
export async function exportLatestSeal(actor: CurrentUser): Promise<ExportedSeal | null> {
  if (actor.role !== "ADMIN") throw new Forbidden("Only admins export the audit chain's seal.");
  await sealWaiting();
  return latestSeal();
}
