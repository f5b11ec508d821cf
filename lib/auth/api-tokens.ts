import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { Forbidden, NotFound } from "../errors";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../validation";
import type { CurrentUser } from "./sessions";

const PREFIX = "av_";
const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

const tokenInput = z.object({ name: z.string({ error: "Name the token." }).trim().min(1, "Name the token.").max(60, "Use at most 60 characters.") });

/** Creates a read-only token for the investor's own data. The token is returned once and never stored. */
export async function createApiToken(user: CurrentUser, input: unknown, context: RequestContext): Promise<{ id: string; token: string; prefix: string }> {
  if (user.role !== "INVESTOR") throw new Forbidden("API tokens are for investors' own data.");
  const { name } = parseInput(tokenInput, input);
  const token = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  const prefix = token.slice(0, 10);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({ data: { userId: user.id, name, prefix, tokenHash: hashOf(token) }, select: { id: true } });
    await recordAudit(tx, { action: "API_TOKEN_CREATED", actorId: user.id, target: { type: "ApiToken", id: created.id }, context, details: { name, prefix } });
    return created;
  });
  return { id: row.id, token, prefix };
}

export async function revokeApiToken(user: CurrentUser, tokenId: unknown, context: RequestContext): Promise<void> {
  const id = z.uuid().safeParse(tokenId);
  if (!id.success) throw new NotFound("No such token.");
  await db.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({ where: { id: id.data, userId: user.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) throw new NotFound("No such token.");
    await recordAudit(tx, { action: "API_TOKEN_REVOKED", actorId: user.id, target: { type: "ApiToken", id: id.data }, context });
  });
}

export async function listApiTokens(user: CurrentUser) {
  return db.apiToken.findMany({
    where: { userId: user.id, revokedAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true },
  });
}

/** The investor a bearer token belongs to (read-only access), or null for an unknown or revoked token. */
export async function userOfApiToken(token: string): Promise<CurrentUser | null> {
  if (!token.startsWith(PREFIX) || token.length > 100) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashOf(token) }, include: { user: true } });
  if (!row || row.revokedAt || row.user.role !== "INVESTOR") return null;
  // Recorded at most once a minute, to keep reads cheap.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { id: row.user.id, email: row.user.email, name: row.user.name, role: row.user.role, sessionId: `token:${row.id}` };
}
