/**
 * Advisors' access to clients: an ADVISOR sees and acts only on the investors assigned to them, an ADMIN on
 * everyone, and only an ADMIN assigns. Every function here checks that on the server; pages and routes call
 * these, never the tables directly.
 */
import Decimal from "decimal.js";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { env } from "../env";
import { Conflict, Forbidden, NotFound } from "../errors";
import { Prisma, type KycStatus } from "../generated/prisma/client";
import { NO_REQUEST_CONTEXT, type RequestContext } from "../http/request-context";
import { readDocument } from "../kyc/documents";
import { ACTIVE, driftCtes } from "../investing/drift-sweep";
import { kycOf, type KycView } from "../kyc/profile";
import { kycDecided } from "../notifications/notices";
import { notify } from "../notifications/notify";
import { accountValuesSql } from "../portfolio/account-value";
import { parseInput } from "../validation";

export interface ClientSummary {
  id: string;
  name: string;
  email: string;
  advisor: { id: string; name: string } | null;
  joinedAt: Date;
  /** When the client closed their account (their personal data is erased; their records are kept). */
  closedAt: Date | null;
}

const isAdvisor = (actor: CurrentUser) => actor.role === "ADVISOR" || actor.role === "ADMIN";

/**
 * The client, when `actor` may see them: 403 with a clear message for another advisor's client (audited: an
 * advisor reaching for someone else's client is what a compliance officer asks about), 404 for anyone who is
 * not an investor (or does not exist).
 */
export async function clientFor(actor: CurrentUser, clientId: string, context: RequestContext = NO_REQUEST_CONTEXT): Promise<ClientSummary> {
  if (!isAdvisor(actor)) throw new Forbidden("Only advisors see clients.");
  const id = z.uuid().safeParse(clientId);
  const client = id.success
    ? await db.user.findUnique({
        where: { id: id.data },
        select: { id: true, name: true, email: true, role: true, createdAt: true, closedAt: true, advisor: { select: { id: true, name: true } } },
      })
    : null;
  if (!client || client.role !== "INVESTOR") throw new NotFound("No such client.");
  if (actor.role === "ADVISOR" && client.advisor?.id !== actor.id) {
    await recordAudit(db, {
      action: "ACCESS_DENIED",
      actorId: actor.id,
      target: { type: "User", id: client.id },
      context,
      details: { reason: "client of another advisor", advisorId: client.advisor?.id ?? null },
    });
    throw new Forbidden("This client is not assigned to you.");
  }
  return { id: client.id, name: client.name, email: client.email, advisor: client.advisor, joinedAt: client.createdAt, closedAt: client.closedAt };
}

/** The client's identity check, masked, for their advisor. */
export async function clientKyc(actor: CurrentUser, clientId: string): Promise<KycView | null> {
  const client = await clientFor(actor, clientId);
  return kycOf(client.id);
}

/**
 * The identity document, for its owner or the client's advisor; an advisor's look is audited (the owner's
 * own is not).
 */
export async function identityDocument(actor: CurrentUser, ownerId: string, context: RequestContext): Promise<{ content: Buffer; type: string }> {
  const owner = actor.role === "INVESTOR" ? (actor.id === ownerId ? actor.id : null) : (await clientFor(actor, ownerId, context)).id;
  if (!owner) throw new NotFound("No such document.");
  const profile = await db.kycProfile.findUnique({ where: { userId: owner }, select: { documentKey: true, documentType: true, documentSha256: true } });
  if (!profile) throw new NotFound("No such document.");
  const content = await readDocument(env().KYC_STORAGE_DIR, profile.documentKey);
  if (actor.id !== owner) {
    await db.$transaction((tx) =>
      recordAudit(tx, { action: "KYC_DOCUMENT_VIEWED", actorId: actor.id, target: { type: "User", id: owner }, context, details: { documentSha256: profile.documentSha256 } }),
    );
  }
  return { content, type: profile.documentType };
}

const decisionInput = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("approve") }),
  z.object({
    decision: z.literal("reject"),
    reason: z.string({ error: "Say why, so the investor can fix it." }).trim().min(5, "Say why, so the investor can fix it.").max(500, "Use at most 500 characters."),
  }),
]);

/**
 * An advisor's decision on a client's pending identity check: approve, or reject with a reason the investor
 * will see. Admins decide for anyone; an advisor only for the clients assigned to them.
 */
export async function reviewKyc(actor: CurrentUser, clientId: string, input: unknown, context: RequestContext): Promise<KycView & { outboxIds: string[] }> {
  if (!isAdvisor(actor)) throw new Forbidden("Only advisors review identity checks.");
  const decision = parseInput(decisionInput, input);
  const client = await clientFor(actor, clientId, context);
  const outboxIds = await db.$transaction(async (tx) => {
    const updated = await tx.kycProfile.updateMany({
      where: { userId: client.id, status: "PENDING_REVIEW" },
      data: {
        status: decision.decision === "approve" ? "APPROVED" : "REJECTED",
        reviewedAt: new Date(),
        reviewedById: actor.id,
        rejectionReason: decision.decision === "reject" ? decision.reason : null,
      },
    });
    if (updated.count !== 1) throw new Conflict("There is no identity check waiting for review for this client.");
    await recordAudit(tx, {
      action: decision.decision === "approve" ? "KYC_APPROVED" : "KYC_REJECTED",
      actorId: actor.id,
      target: { type: "User", id: client.id },
      context,
      details: decision.decision === "reject" ? { reason: decision.reason } : {},
    });
    return notify(tx, await kycDecided(tx, client.id));
  });
  // The investor's email is announced through the outbox: the caller sends `outboxIds` after this commit.
  return { ...(await kycOf(client.id))!, outboxIds };
}

/** Advisors an admin can assign clients to. */
export async function listAdvisors(actor: CurrentUser): Promise<{ id: string; name: string; email: string }[]> {
  if (actor.role !== "ADMIN") throw new Forbidden("Only admins assign clients.");
  return db.user.findMany({ where: { role: "ADVISOR" }, orderBy: { name: "asc" }, select: { id: true, name: true, email: true } });
}

const assignInput = z.object({
  clientId: z.uuid({ error: "No such client." }),
  advisorId: z.union([z.uuid({ error: "Choose an advisor." }), z.literal("").transform(() => null), z.null()]),
});

/** Assigns a client to an advisor (or to nobody), audited. Admins only. */
export async function assignAdvisor(actor: CurrentUser, input: unknown, context: RequestContext): Promise<ClientSummary> {
  if (actor.role !== "ADMIN") throw new Forbidden("Only admins assign clients.");
  const { clientId, advisorId } = parseInput(assignInput, input);
  const client = await clientFor(actor, clientId);
  if (advisorId && (await db.user.count({ where: { id: advisorId, role: "ADVISOR" } })) !== 1) throw new NotFound("No such advisor.");
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: client.id }, data: { advisorId } });
    await recordAudit(tx, {
      action: "CLIENT_ASSIGNED",
      actorId: actor.id,
      target: { type: "User", id: client.id },
      context,
      details: { from: client.advisor?.id ?? null, to: advisorId },
    });
  });
  return clientFor(actor, client.id);
}

export const CLIENT_SORTS = ["attention", "name", "joined", "risk", "drift"] as const;
export const CLIENTS_PER_PAGE = 25;

const clientQuery = z.object({
  q: z.string().trim().max(200).optional().catch((ctx) => (typeof ctx.value === "string" ? ctx.value.trim().slice(0, 200) : undefined)).transform((value) => value || undefined),
  kyc: z.enum(["NONE", "PENDING_REVIEW", "APPROVED", "REJECTED"]).optional().catch(undefined),
  minRisk: z.coerce.number().int().min(1).max(10).optional().catch(undefined),
  maxRisk: z.coerce.number().int().min(1).max(10).optional().catch(undefined),
  drift: z.enum(["outside", "within"]).optional().catch(undefined),
  sort: z.enum(CLIENT_SORTS).catch("attention").default("attention"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type ClientQuery = z.infer<typeof clientQuery>;

/** Search parameters as the clients page receives them (unknown values fall back to defaults, never fail). */
export function parseClientQuery(params: Record<string, string | string[] | undefined>): ClientQuery {
  const first = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value || undefined]));
  return clientQuery.parse(first);
}

export interface ClientRow extends ClientSummary {
  kycStatus: KycStatus | null;
  riskScore: number | null;
  modelName: string | null;
  /** Holdings at the latest prices plus cash, less anything the investor owes, in minor units (as snapshots count it). */
  value: bigint;
  currency: string;
  /** Drift from the model (0.031 = 3.1%) and the model's band; null without a model or money invested. */
  drift: { value: Decimal; band: Decimal } | null;
}

/**
 * The clients `actor` looks after (an admin: everyone), filtered, sorted and paged in the database. The default
 * order puts what needs attention first: identity checks waiting for review, then the newest. Drift is computed
 * for every client in scope only when it filters or sorts the list; otherwise just for the page shown.
 */
export async function listClients(actor: CurrentUser, input: Partial<ClientQuery> = {}): Promise<{ clients: ClientRow[]; total: number; query: ClientQuery }> {
  if (!isAdvisor(actor)) throw new Forbidden("Only advisors see clients.");
  const query = clientQuery.parse(input);
  const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const needsDrift = query.drift !== undefined || query.sort === "drift";
  const order = {
    attention: Prisma.sql`(s.kyc IS NOT DISTINCT FROM 'PENDING_REVIEW') DESC, s."createdAt" DESC, s.id`,
    name: Prisma.sql`lower(s.name), s.id`,
    joined: Prisma.sql`s."createdAt" DESC, s.id`,
    risk: Prisma.sql`s.score DESC NULLS LAST, s.id`,
    drift: Prisma.sql`d.drift DESC NULLS LAST, s.id`,
  }[query.sort];
  const rows = await db.$queryRaw<{ id: string; total: bigint }[]>`
    WITH scope AS (
      SELECT u."id", u."name", u."createdAt", k."status"::text AS kyc, rp.score, ia."id" AS account
      FROM "User" u
      LEFT JOIN "KycProfile" k ON k."userId" = u."id"
      LEFT JOIN LATERAL (SELECT r."score" FROM "RiskProfile" r WHERE r."userId" = u."id" ORDER BY r."createdAt" DESC LIMIT 1) rp ON TRUE
      LEFT JOIN "InvestmentAccount" ia ON ia."userId" = u."id"
      WHERE u."role" = 'INVESTOR'
        AND (${actor.role === "ADVISOR" ? actor.id : null}::uuid IS NULL OR u."advisorId" = ${actor.role === "ADVISOR" ? actor.id : null}::uuid)
        AND (${pattern}::text IS NULL OR u."name" ILIKE ${pattern}::text OR u."email" ILIKE ${pattern}::text)
        AND (${query.kyc ?? null}::text IS NULL OR coalesce(k."status"::text, 'NONE') = ${query.kyc ?? null}::text)
        AND (${query.minRisk ?? null}::int IS NULL OR rp.score >= ${query.minRisk ?? null}::int)
        AND (${query.maxRisk ?? null}::int IS NULL OR rp.score <= ${query.maxRisk ?? null}::int)
    )${needsDrift ? Prisma.sql`, ${driftCtes(Prisma.sql`${ACTIVE} AND ia."id" IN (SELECT account FROM scope)`)}` : Prisma.empty}
    SELECT s."id", count(*) OVER () AS total
    FROM scope s ${needsDrift ? Prisma.sql`LEFT JOIN drift d ON d.id = s.account LEFT JOIN acct a ON a.id = s.account` : Prisma.empty}
    WHERE ${
      query.drift === "outside"
        ? Prisma.sql`d.drift > a.band`
        : query.drift === "within"
          ? Prisma.sql`(d.drift IS NULL OR d.drift <= a.band)`
          : Prisma.sql`TRUE`
    }
    ORDER BY ${order}
    LIMIT ${CLIENTS_PER_PAGE} OFFSET ${(query.page - 1) * CLIENTS_PER_PAGE}`;
  const total = Number(rows[0]?.total ?? 0);
  return { clients: await clientRows(rows.map((row) => row.id)), total, query };
}

/** Everything the clients table shows for these clients, in this order. */
async function clientRows(ids: string[]): Promise<ClientRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<
    { id: string; name: string; email: string; createdAt: Date; closedAt: Date | null; advisorId: string | null; advisorName: string | null; kyc: KycStatus | null; score: number | null; modelName: string | null; currency: string | null; value: bigint | null; drift: string | null; band: string | null }[]
  >`
    WITH scope AS (
      SELECT u."id", ia."id" AS account FROM "User" u LEFT JOIN "InvestmentAccount" ia ON ia."userId" = u."id" WHERE u."id" = ANY (${ids}::uuid[])
    ), ${driftCtes(Prisma.sql`${ACTIVE} AND ia."id" IN (SELECT account FROM scope)`)}
    SELECT u."id", u."name", u."email", u."createdAt", u."closedAt", adv."id" AS "advisorId", adv."name" AS "advisorName", k."status"::text AS kyc,
      (SELECT r."score" FROM "RiskProfile" r WHERE r."userId" = u."id" ORDER BY r."createdAt" DESC LIMIT 1) AS score,
      m."name" AS "modelName", ia."currency",
      v.market_value + v.cash AS value,
      d.drift::text AS drift, acct.band::text AS band
    FROM scope s JOIN "User" u ON u."id" = s."id"
    LEFT JOIN "User" adv ON adv."id" = u."advisorId"
    LEFT JOIN "KycProfile" k ON k."userId" = u."id"
    LEFT JOIN "InvestmentAccount" ia ON ia."id" = s.account
    LEFT JOIN "ModelVersion" mv ON mv."id" = ia."modelVersionId" LEFT JOIN "ModelPortfolio" m ON m."id" = mv."modelId"
    LEFT JOIN drift d ON d.id = s.account LEFT JOIN acct ON acct.id = s.account
    LEFT JOIN (${Prisma.raw(accountValuesSql(`SELECT account FROM scope WHERE account IS NOT NULL`))}) v ON v.id = s.account`;
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const row = byId.get(id)!;
    return {
      id: row.id,
      name: row.name,
      email: row.email,
      joinedAt: row.createdAt,
      closedAt: row.closedAt,
      advisor: row.advisorId ? { id: row.advisorId, name: row.advisorName! } : null,
      kycStatus: row.kyc,
      riskScore: row.score,
      modelName: row.modelName,
      value: row.value ?? 0n,
      currency: row.currency ?? "USD",
      drift: row.drift && row.band ? { value: new Decimal(row.drift), band: new Decimal(row.band) } : null,
    };
  });
}
