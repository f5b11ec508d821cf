/**
 * The admins' fee work, from form input: schedules (bands as lines "from dollars: percent"), assignments and waivers
 * named by email, and asking for a month to be billed (the same event the cron sends, through the outbox).
 */
import Decimal from "decimal.js";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { InvalidInput, NotFound } from "../errors";
import type { RequestContext } from "../http/request-context";
import { parseMoney } from "../money";
import { enqueue } from "../outbox/outbox";
import { parseInput } from "../validation";
import { billableMonth } from "./bill";
import type { FeeTier } from "./schedule";
import { assignSchedule, grantWaiver, saveSchedule } from "./schedules";

/** "0: 0.25" / "$100,000: 0.15 %", one band a line. */
export function parseBands(text: string): FeeTier[] {
  const tiers: FeeTier[] = [];
  for (const line of text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    const match = /^\$?([\d,]+(?:\.\d{1,2})?)\s*[:=]\s*(\d+(?:\.\d+)?)\s*%?$/.exec(line);
    const from = match ? parseMoney(match[1]!) : null;
    if (!match || from === null) throw new InvalidInput(`"${line}" is not a band: write "from dollars: percent", e.g. "100000: 0.15".`, { tiers: "One band a line: from dollars: percent." });
    tiers.push({ from, annualRate: new Decimal(match[2]!).dividedBy(100) });
  }
  return tiers;
}

export const scheduleInput = z.object({ id: z.string().uuid().optional().or(z.literal("").transform(() => undefined)), name: z.string().trim().min(1, "Name the schedule.").max(80), tiers: z.string().min(1, "Write at least one band.") });
export const assignmentInput = z.object({ email: z.string().trim().toLowerCase().email("An email address."), scheduleId: z.string() });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "A date.");
export const waiverInput = z.object({
  email: z.string().trim().toLowerCase().email("An email address."),
  from: day,
  to: day,
  percent: z.coerce.number().min(1, "Between 1 and 100.").max(100, "Between 1 and 100."),
  reason: z.string().trim().min(3, "Say why.").max(200),
});

const actorOf = (user: CurrentUser, context: RequestContext) => ({ actorId: user.id, context });

async function userByEmail(email: string): Promise<string> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) throw new NotFound(`Nobody signs in as ${email}.`);
  return user.id;
}

export async function saveScheduleFromForm(user: CurrentUser, input: unknown, context: RequestContext) {
  const { id, name, tiers } = parseInput(scheduleInput, input);
  return saveSchedule({ id, name, tiers: parseBands(tiers) }, actorOf(user, context));
}

export async function assignScheduleFromForm(user: CurrentUser, input: unknown, context: RequestContext) {
  const { email, scheduleId } = parseInput(assignmentInput, input);
  await assignSchedule(await userByEmail(email), scheduleId === "" ? null : scheduleId, actorOf(user, context));
}

export async function grantWaiverFromForm(user: CurrentUser, input: unknown, context: RequestContext) {
  const { email, from, to, percent, reason } = parseInput(waiverInput, input);
  return grantWaiver({ userId: await userByEmail(email), from, to, fraction: new Decimal(percent).dividedBy(100), reason }, actorOf(user, context));
}

/** Asks for `month` to be billed (whole past months only), audited; returns the outbox row to send after the commit. */
export async function requestFeeBilling(user: CurrentUser, input: unknown, context: RequestContext, now = new Date()): Promise<{ outboxId: string; month: string }> {
  const { month } = parseInput(z.object({ month: z.string().trim() }), input);
  billableMonth(month, now);
  return db.$transaction(async (tx) => {
    const outboxId = await enqueue(tx, { name: "fees/bill.requested", data: { month, after: null, requestedBy: user.id } });
    await recordAudit(tx, { action: "FEE_BILLING_REQUESTED", actorId: user.id, target: { type: "FeeMonth", id: month }, context, details: { month } });
    return { outboxId, month };
  });
}
