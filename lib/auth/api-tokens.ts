import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { Forbidden, NotFound } from "../errors";
import type { Role } from "../generated/prisma/client";
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

export interface TokenReader {
  user: CurrentUser;
  tokenId: string;
  /** Whether the token's last use should be recorded (at most once a minute, to keep reads cheap). */
  useIsStale: boolean;
  /** With `accountId`: that account when the token's investor owns it, else null. */
  account: { id: string; currency: string } | null;
}

/**
 * The investor a bearer token belongs to (read-only access), or null for an unknown or revoked token; with
 * `accountId`, also whether they own that account, in the same query.
 */
export async function readerOfApiToken(token: string, accountId?: string): Promise<TokenReader | null> {
  if (!token.startsWith(PREFIX) || token.length > 100) return null;
  const account = accountId === undefined ? null : z.uuid().safeParse(accountId).data ?? null;
  const [row] = await db.$queryRaw<
    { tokenId: string; lastUsedAt: Date | null; id: string; email: string; name: string; role: Role; accountId: string | null; currency: string | null }[]
  >`
    SELECT t."id" AS "tokenId", t."lastUsedAt", u."id", u."email", u."name", u."role", ia."id" AS "accountId", ia."currency"
    FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId"
    LEFT JOIN "InvestmentAccount" ia ON ia."id" = ${account}::uuid AND ia."userId" = u."id"
    WHERE t."tokenHash" = ${hashOf(token)} AND t."revokedAt" IS NULL AND u."role" = 'INVESTOR'`;
  if (!row) return null;
  return {
    user: { id: row.id, email: row.email, name: row.name, role: row.role, sessionId: `token:${row.tokenId}` },
    tokenId: row.tokenId,
    useIsStale: !row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000,
    account: row.accountId ? { id: row.accountId, currency: row.currency! } : null,
  };
}

/** Records that a token was used (shown in settings); callers do it after answering. */
export async function recordApiTokenUse(tokenId: string): Promise<void> {
  await db.apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: new Date() } });
}

/** The investor a bearer token belongs to, recording the use; null for an unknown or revoked token. */
export async function userOfApiToken(token: string): Promise<CurrentUser | null> {
  const reader = await readerOfApiToken(token);
  if (reader?.useIsStale) await recordApiTokenUse(reader.tokenId);
  return reader?.user ?? null;
}
