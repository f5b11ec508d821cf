/**
 * Advisors' access to clients: an ADVISOR sees and acts only on the investors assigned to them, an ADMIN on
 * everyone, and only an ADMIN assigns. Every function here checks that on the server; pages and routes call
 * these, never the tables directly.
 */
import { z } from "zod";
import { recordAudit } from "../audit/record";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { env } from "../env";
import { Conflict, Forbidden, NotFound } from "../errors";
import type { KycStatus } from "../generated/prisma/client";
import type { RequestContext } from "../http/request-context";
import { readDocument } from "../kyc/documents";
import { kycOf, type KycView } from "../kyc/profile";
import { parseInput } from "../validation";

export interface ClientSummary {
  id: string;
  name: string;
  email: string;
  advisor: { id: string; name: string } | null;
  joinedAt: Date;
}

const isAdvisor = (actor: CurrentUser) => actor.role === "ADVISOR" || actor.role === "ADMIN";

/**
 * The client, when `actor` may see them: 403 with a clear message for another advisor's client, 404 for
 * anyone who is not an investor (or does not exist).
 */
export async function clientFor(actor: CurrentUser, clientId: string): Promise<ClientSummary> {
  if (!isAdvisor(actor)) throw new Forbidden("Only advisors see clients.");
  const id = z.uuid().safeParse(clientId);
  const client = id.success
    ? await db.user.findUnique({
        where: { id: id.data },
        select: { id: true, name: true, email: true, role: true, createdAt: true, advisor: { select: { id: true, name: true } } },
      })
    : null;
  if (!client || client.role !== "INVESTOR") throw new NotFound("No such client.");
  if (actor.role === "ADVISOR" && client.advisor?.id !== actor.id) throw new Forbidden("This client is not assigned to you.");
  return { id: client.id, name: client.name, email: client.email, advisor: client.advisor, joinedAt: client.createdAt };
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
  const owner = actor.role === "INVESTOR" ? (actor.id === ownerId ? actor.id : null) : (await clientFor(actor, ownerId)).id;
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
export async function reviewKyc(actor: CurrentUser, clientId: string, input: unknown, context: RequestContext): Promise<KycView> {
  if (!isAdvisor(actor)) throw new Forbidden("Only advisors review identity checks.");
  const decision = parseInput(decisionInput, input);
  const client = await clientFor(actor, clientId);
  await db.$transaction(async (tx) => {
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
  });
  return (await kycOf(client.id))!;
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

/**
 * The clients `actor` looks after (an admin: everyone), identity checks waiting for review first, then the
 * newest. The first 200; search, filters and paging come with the full client list.
 */
export async function listClients(actor: CurrentUser): Promise<(ClientSummary & { kycStatus: KycStatus | null })[]> {
  if (!isAdvisor(actor)) throw new Forbidden("Only advisors see clients.");
  const rows = await db.user.findMany({
    where: { role: "INVESTOR", ...(actor.role === "ADVISOR" ? { advisorId: actor.id } : {}) },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { id: true, name: true, email: true, createdAt: true, advisor: { select: { id: true, name: true } }, kyc: { select: { status: true } } },
  });
  const clients = rows.map((row) => ({ id: row.id, name: row.name, email: row.email, advisor: row.advisor, joinedAt: row.createdAt, kycStatus: row.kyc?.status ?? null }));
  return [...clients.filter((c) => c.kycStatus === "PENDING_REVIEW"), ...clients.filter((c) => c.kycStatus !== "PENDING_REVIEW")];
}
