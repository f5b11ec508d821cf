import { z } from "zod";
import { db } from "../db";
import { NotFound } from "../errors";
import type { CurrentUser } from "./sessions";

/** The investor's own account, or 404 for anyone else's (never revealing that it exists). */
export async function ownAccount(user: CurrentUser, accountId: unknown): Promise<{ id: string; currency: string }> {
  const id = z.uuid().safeParse(accountId);
  const account = id.success ? await db.investmentAccount.findFirst({ where: { id: id.data, userId: user.id }, select: { id: true, currency: true } }) : null;
  if (!account || user.role !== "INVESTOR") throw new NotFound("No such account.");
  return account;
}
