/**
 * An operator asks for a month's statements now: the month under way (month to date, said so on the document) or a
 * month past whose statements are missing. Audited, and sent to the statements workflow through the outbox in the
 * same transaction. Documents already kept are not made again.
 */
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { isStaff } from "../auth/roles";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { Forbidden, InvalidInput } from "../errors";
import type { RequestContext } from "../http/request-context";
import { enqueue } from "../outbox/outbox";
import { parseInput } from "../validation";
import { tradeDate } from "../tax/holding-period";

const input = z.object({
  month: z
    .string({ error: "Choose a month." })
    .trim()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Choose a month (YYYY-MM)."),
});

export async function requestStatements(
  actor: CurrentUser,
  raw: unknown,
  context: RequestContext,
  now = new Date(),
): Promise<{ outboxId: string; month: string; monthToDate: boolean }> {
  if (!isStaff(actor.role)) throw new Forbidden("Only staff generate statements.");
  const { month } = parseInput(input, raw);
  const current = tradeDate(now).slice(0, 7);
  if (month > current) throw new InvalidInput("That month has not begun: choose this month or an earlier one.", { month: "Choose this month or an earlier one." });
  const monthToDate = month === current;
  const outboxId = await db.$transaction(async (tx) => {
    await recordAudit(tx, {
      action: "STATEMENTS_REQUESTED",
      actorId: actor.id,
      target: { type: "Statements", id: month },
      context,
      details: { month, monthToDate },
    });
    return enqueue(tx, { name: "documents/statements.requested", data: { month, monthToDate, after: null } });
  });
  return { outboxId, month, monthToDate };
}
