/**
 * Fee schedules in the database: reading them, which one a client pays (their own assignment, else their
 * advisor's, else the default), and the admin changes (each audited in its own transaction).
 */
import Decimal from "decimal.js";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { InvalidInput, NotFound } from "../errors";
import type { RequestContext } from "../http/request-context";
import { validTiers, type FeeTier } from "./schedule";

export interface Schedule {
  id: string;
  name: string;
  isDefault: boolean;
  tiers: FeeTier[];
}

type StoredTier = { from: string; annualRate: string };

export function parseTiers(json: unknown): FeeTier[] {
  return (json as StoredTier[]).map((tier) => ({ from: BigInt(tier.from), annualRate: new Decimal(tier.annualRate) }));
}

const storedTiers = (tiers: FeeTier[]): StoredTier[] => tiers.map((tier) => ({ from: tier.from.toString(), annualRate: tier.annualRate.toString() }));

export async function listSchedules(): Promise<Schedule[]> {
  const rows = await db.feeSchedule.findMany({ orderBy: [{ isDefault: "desc" }, { name: "asc" }] });
  return rows.map((row) => ({ id: row.id, name: row.name, isDefault: row.isDefault, tiers: parseTiers(row.tiers) }));
}

/** The schedule shown before sign-up and charged to anyone without an assignment. */
export async function defaultSchedule(): Promise<Schedule> {
  const row = await db.feeSchedule.findFirst({ where: { isDefault: true } });
  if (!row) throw new Error("no default fee schedule (the advisory_fees migration creates one)");
  return { id: row.id, name: row.name, isDefault: true, tiers: parseTiers(row.tiers) };
}

/** SQL: the schedule id of the user `userSql` names (a client's own assignment, else their advisor's, else the default). */
export function scheduleOfSql(userSql: string): string {
  return `coalesce(
    (SELECT fa."scheduleId" FROM "FeeAssignment" fa WHERE fa."userId" = ${userSql}),
    (SELECT fa."scheduleId" FROM "FeeAssignment" fa JOIN "User" cu ON cu."advisorId" = fa."userId" WHERE cu."id" = ${userSql}),
    (SELECT fs."id" FROM "FeeSchedule" fs WHERE fs."isDefault"))`;
}

/** The schedule a client pays, and where it comes from. */
export async function scheduleOf(userId: string): Promise<Schedule & { source: "client" | "advisor" | "default" }> {
  const [row] = await db.$queryRawUnsafe<{ id: string; own: boolean; advisor: boolean }[]>(
    `SELECT ${scheduleOfSql("$1::uuid")} AS id,
       EXISTS (SELECT 1 FROM "FeeAssignment" WHERE "userId" = $1::uuid) AS own,
       EXISTS (SELECT 1 FROM "FeeAssignment" fa JOIN "User" u ON u."advisorId" = fa."userId" WHERE u."id" = $1::uuid) AS advisor`,
    userId,
  );
  const schedule = await db.feeSchedule.findUniqueOrThrow({ where: { id: row!.id } });
  return {
    id: schedule.id,
    name: schedule.name,
    isDefault: schedule.isDefault,
    tiers: parseTiers(schedule.tiers),
    source: row!.own ? "client" : row!.advisor ? "advisor" : "default",
  };
}

interface Actor {
  actorId: string;
  context: RequestContext;
}

/** Creates a schedule, or replaces an existing one's bands (they apply from the next day accrued). */
export async function saveSchedule(input: { id?: string; name: string; tiers: FeeTier[] }, actor: Actor): Promise<{ id: string }> {
  const problem = validTiers(input.tiers);
  if (problem) throw new InvalidInput(problem, { tiers: problem });
  return db.$transaction(async (tx) => {
    const data = { name: input.name.trim(), tiers: storedTiers(input.tiers) };
    const saved = input.id
      ? await tx.feeSchedule.update({ where: { id: input.id }, data, select: { id: true } })
      : await tx.feeSchedule.create({ data, select: { id: true } });
    await recordAudit(tx, {
      action: "FEE_SCHEDULE_SAVED",
      actorId: actor.actorId,
      target: { type: "FeeSchedule", id: saved.id },
      context: actor.context,
      details: { name: data.name, tiers: data.tiers, created: !input.id },
    });
    return saved;
  });
}

/** Assigns a schedule to an advisor (for all of their clients) or to a client; `scheduleId` null removes the assignment. */
export async function assignSchedule(userId: string, scheduleId: string | null, actor: Actor): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { role: true } });
  if (!user || user.role === "ADMIN") throw new NotFound("No such advisor or client.");
  await db.$transaction(async (tx) => {
    if (scheduleId) await tx.feeAssignment.upsert({ where: { userId }, create: { userId, scheduleId }, update: { scheduleId, assignedAt: new Date() } });
    else await tx.feeAssignment.deleteMany({ where: { userId } });
    await recordAudit(tx, {
      action: "FEE_SCHEDULE_ASSIGNED",
      actorId: actor.actorId,
      target: { type: "User", id: userId },
      context: actor.context,
      details: { scheduleId, for: user.role === "ADVISOR" ? "the advisor's clients" : "the client" },
    });
  });
}

/** Waives `fraction` (0–1) of a client's fee on the days from `from` to `to` (YYYY-MM-DD, both included). */
export async function grantWaiver(
  input: { userId: string; from: string; to: string; fraction: Decimal; reason: string },
  actor: Actor,
): Promise<{ id: string }> {
  if (input.to < input.from) throw new InvalidInput("The waiver ends before it starts.", { to: "Ends before it starts." });
  if (input.fraction.lessThanOrEqualTo(0) || input.fraction.greaterThan(1)) throw new InvalidInput("Waive between 1 % and 100 % of the fee.", { fraction: "Between 1 % and 100 %." });
  const client = await db.user.findUnique({ where: { id: input.userId }, select: { role: true } });
  if (client?.role !== "INVESTOR") throw new NotFound("No such client.");
  return db.$transaction(async (tx) => {
    const waiver = await tx.feeWaiver.create({
      data: { userId: input.userId, from: new Date(input.from), to: new Date(input.to), fraction: input.fraction.toString(), reason: input.reason, grantedById: actor.actorId },
      select: { id: true },
    });
    await recordAudit(tx, {
      action: "FEE_WAIVER_GRANTED",
      actorId: actor.actorId,
      target: { type: "User", id: input.userId },
      context: actor.context,
      details: { waiverId: waiver.id, from: input.from, to: input.to, fraction: input.fraction.toString(), reason: input.reason },
    });
    return waiver;
  });
}
