/** The amount above which every withdrawal waits for an advisor: an admin's setting, audited with its change. */
import { recordAudit } from "../../audit/record";
import type { CurrentUser } from "../../auth/sessions";
import { db } from "../../db";
import { Forbidden, InvalidInput } from "../../errors";
import type { RequestContext } from "../../http/request-context";
import { formatMoney, parseMoney } from "../../money";
import { DEFAULT_APPROVAL_LIMIT } from "../withdrawal-rules";

const KEY = "withdrawal_approval_limit";

export async function approvalLimit(): Promise<bigint> {
  const row = await db.platformSetting.findUnique({ where: { key: KEY } });
  const cents = (row?.value as { cents?: string } | undefined)?.cents;
  return cents ? BigInt(cents) : DEFAULT_APPROVAL_LIMIT;
}

export async function setApprovalLimit(actor: CurrentUser, input: unknown, context: RequestContext): Promise<bigint> {
  if (actor.role !== "ADMIN") throw new Forbidden("Only an admin sets the withdrawal approval limit.");
  const cents = typeof input === "string" ? parseMoney(input) : null;
  if (cents === null || cents <= 0n) throw new InvalidInput("Enter a limit in dollars, above $0.", { limit: "Enter a limit in dollars, above $0." });
  const previous = await approvalLimit();
  await db.$transaction(async (tx) => {
    await tx.platformSetting.upsert({
      where: { key: KEY },
      update: { value: { cents: cents.toString() }, updatedBy: actor.id },
      create: { key: KEY, value: { cents: cents.toString() }, updatedBy: actor.id },
    });
    await recordAudit(tx, {
      action: "WITHDRAWAL_APPROVAL_LIMIT_CHANGED",
      actorId: actor.id,
      target: { type: "PlatformSetting", id: KEY },
      context,
      details: { from: formatMoney(previous), to: formatMoney(cents) },
    });
  });
  return cents;
}
