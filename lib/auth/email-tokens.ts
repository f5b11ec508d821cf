import { z } from "zod";
import { createHash, randomBytes } from "node:crypto";
import { db, type Tx } from "../db";
import type { EmailTokenPurpose } from "../generated/prisma/client";
import { InvalidLink } from "../errors";

/** How long each kind of link works. */
export const EMAIL_TOKEN_MINUTES: Record<EmailTokenPurpose, number> = {
  PASSWORD_RESET: 30,
  EMAIL_VERIFICATION: 7 * 24 * 60,
  EMAIL_CHANGE: 24 * 60,
  EMAIL_CHANGE_REPORT: 7 * 24 * 60,
};

/** Only this is stored: a reader of the table cannot rebuild a link from it. */
export function hashOfToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * A new single-use token for a link (256 random bits, URL-safe). Earlier unused tokens of the same purpose for
 * the user stop working: only the newest link counts.
 */
export async function issueEmailToken(tx: Tx, { userId, purpose, email }: { userId: string; purpose: EmailTokenPurpose; email: string }): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  await tx.emailToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } });
  await tx.emailToken.create({
    data: { userId, purpose, email, tokenHash: hashOfToken(token), createdAt: now, expiresAt: new Date(now.getTime() + EMAIL_TOKEN_MINUTES[purpose] * 60_000) },
  });
  return token;
}

export interface UsableToken {
  id: string;
  userId: string;
  email: string;
}

/** The token's record if the link still works (unused, unexpired); null otherwise. Uses nothing up. */
export async function usableEmailToken(tx: Tx, purpose: EmailTokenPurpose, token: unknown): Promise<UsableToken | null> {
  if (typeof token !== "string" || token.length === 0 || token.length > 100) return null;
  return tx.emailToken.findFirst({
    where: { tokenHash: hashOfToken(token), purpose, usedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, userId: true, email: true },
  });
}

/**
 * Uses the token up (once: of two simultaneous uses, one wins) and returns its record, or throws InvalidLink if
 * it is unknown, used or expired.
 */
export async function consumeEmailToken(tx: Tx, purpose: EmailTokenPurpose, token: unknown): Promise<UsableToken> {
  if (typeof token !== "string" || token.length === 0 || token.length > 100) throw new InvalidLink();
  const [used] = await tx.emailToken.updateManyAndReturn({
    where: { tokenHash: hashOfToken(token), purpose, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
    select: { id: true, userId: true, email: true },
  });
  if (!used) throw new InvalidLink();
  return used;
}

/** Whether a link still works, for the page it opens (nothing is used up). */
export async function isUsableEmailToken(purpose: EmailTokenPurpose, token: unknown): Promise<boolean> {
  return (await usableEmailToken(db, purpose, token)) !== null;
}

/** What a link's confirmation form sends. */
export const linkInput = z.object({ token: z.string({ error: "This link is incomplete." }).max(100) });
