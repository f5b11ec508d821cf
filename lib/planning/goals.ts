/**
 * Investors' goals (docs/planning.md): what they save for, by when, and how much a month; each change audited in
 * its own transaction. The owner reads and changes their goals; their advisor (or an admin) reads them. No money
 * moves, so no step-up. Projections are in ./goal-projection.ts.
 */
import { z } from "zod";
import { recordAudit } from "../audit/record";
import type { CurrentUser } from "../auth/sessions";
import { clientFor } from "../advisor/clients";
import { db, type Tx } from "../db";
import { InvalidInput, NotFound } from "../errors";
import type { Goal, GoalKind } from "../generated/prisma/client";
import type { RequestContext } from "../http/request-context";
import { NO_REQUEST_CONTEXT } from "../http/request-context";
import { parseMoney } from "../money";
import { investmentAccountOf } from "../payments/deposits";
import { parseInput } from "../validation";

export const GOAL_KINDS = ["RETIREMENT", "HOME", "SAFETY_NET", "GENERAL"] as const satisfies readonly GoalKind[];
export const GOAL_KIND_LABELS: Record<GoalKind, string> = { RETIREMENT: "Retirement", HOME: "A home", SAFETY_NET: "A safety net", GENERAL: "Something else" };

/** $100,000,000 in cents: no goal or monthly saving above it is believable. */
export const MAX_GOAL_AMOUNT = 10_000_000_000n;
export const MAX_YEARS_AHEAD = 80;

export interface GoalView {
  id: string;
  accountId: string;
  kind: GoalKind;
  name: string;
  /** Cents. */
  targetAmount: bigint;
  /** The calendar day, as YYYY-MM-DD. */
  targetDate: string;
  /** Cents a month. */
  monthlyContribution: bigint;
  accountSharePercent: number;
  currency: string;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Today's calendar day in UTC, and the same day `months` later (the month's last day when it is shorter). */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const lastDay = new Date(Date.UTC(Math.floor(index / 12), (index % 12) + 1, 0)).getUTCDate();
  return isoDay(new Date(Date.UTC(Math.floor(index / 12), index % 12, Math.min(date, lastDay))));
}

/** Whole months from `from` to `to` (calendar days, YYYY-MM-DD): 2026-12-02 → 2027-01-01 is 0, → 2027-01-02 is 1. */
export function monthsBetween(from: string, to: string): number {
  const [y1, m1, d1] = from.split("-").map(Number) as [number, number, number];
  const [y2, m2, d2] = to.split("-").map(Number) as [number, number, number];
  return (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
}

function amountField(label: string, { allowZero }: { allowZero: boolean }) {
  return z.unknown().transform((value, ctx) => {
    const cents = typeof value === "string" ? parseMoney(value) : null;
    if (cents === null) {
      ctx.addIssue({ code: "custom", message: `Enter the ${label} in dollars, e.g. 250000 or 1,250.50.` });
      return z.NEVER;
    }
    if (!allowZero && cents === 0n) ctx.addIssue({ code: "custom", message: `The ${label} must be more than $0.` });
    if (cents > MAX_GOAL_AMOUNT) ctx.addIssue({ code: "custom", message: `The ${label} can be at most $100,000,000.` });
    return cents;
  });
}

/** A goal's fields as a form or the API sends them; `today` decides what "the future" is. */
function goalInput(today: string) {
  const latest = addMonths(today, MAX_YEARS_AHEAD * 12);
  const earliest = addMonths(today, 1);
  return z.object({
    kind: z.enum(GOAL_KINDS, { error: "Choose what the goal is for." }),
    name: z.string({ error: "Name the goal." }).trim().min(1, "Name the goal.").max(80, "Keep the name under 80 characters."),
    targetAmount: amountField("target amount", { allowZero: false }),
    targetDate: z
      .string({ error: "Choose the date." })
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Choose the date (YYYY-MM-DD).")
      .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && isoDay(new Date(`${day}T00:00:00Z`)) === day, "Choose a real date.")
      .refine((day) => day >= earliest, "Choose a date at least a month from today.")
      .refine((day) => day <= latest, `Choose a date at most ${MAX_YEARS_AHEAD} years from today.`),
    monthlyContribution: amountField("monthly contribution", { allowZero: true }),
    accountSharePercent: z.preprocess(
      (value) => (value === "" || value === undefined || value === null ? undefined : value),
      z.coerce.number({ error: "Enter a whole percent from 0 to 100." }).int("Enter a whole percent from 0 to 100.").min(0, "Enter a whole percent from 0 to 100.").max(100, "Enter a whole percent from 0 to 100.").optional(),
    ),
  });
}

export type GoalInput = z.infer<ReturnType<typeof goalInput>>;

export function parseGoal(input: unknown, today = isoDay(new Date())): GoalInput {
  return parseInput(goalInput(today), input);
}

const toView = (goal: Goal, currency: string): GoalView => ({
  id: goal.id,
  accountId: goal.accountId,
  kind: goal.kind,
  name: goal.name,
  targetAmount: goal.targetAmount,
  targetDate: isoDay(goal.targetDate),
  monthlyContribution: goal.monthlyContribution,
  accountSharePercent: goal.accountSharePercent,
  currency,
});

async function goalsOf(userId: string): Promise<GoalView[]> {
  const rows = await db.goal.findMany({
    where: { userId, archivedAt: null },
    orderBy: [{ targetDate: "asc" }, { createdAt: "asc" }],
    include: { account: { select: { currency: true } } },
  });
  return rows.map(({ account, ...goal }) => toView(goal, account.currency));
}

/** The signed-in investor's goals, nearest date first. */
export async function listGoals(user: CurrentUser): Promise<GoalView[]> {
  await investmentAccountOf(user);
  return goalsOf(user.id);
}

/** One of the investor's own goals (404 for anyone else's: whether it exists is not theirs to know). */
export async function ownGoal(user: CurrentUser, goalId: string): Promise<GoalView> {
  await investmentAccountOf(user);
  const id = z.uuid().safeParse(goalId);
  const goal = id.success ? await db.goal.findFirst({ where: { id: id.data, userId: user.id, archivedAt: null }, include: { account: { select: { currency: true } } } }) : null;
  if (!goal) throw new NotFound("No such goal.");
  const { account, ...row } = goal;
  return toView(row, account.currency);
}

/** A client's goals, for their advisor (or an admin); clientFor refuses (and audits) anyone else. */
export async function clientGoals(actor: CurrentUser, clientId: string, context: RequestContext = NO_REQUEST_CONTEXT): Promise<GoalView[]> {
  const client = await clientFor(actor, clientId, context);
  return goalsOf(client.id);
}

/** The share of the account the investor's other goals count (0–100), for the form's default and the check. */
export async function claimedShare(client: Tx | typeof db, userId: string, exceptGoalId?: string): Promise<number> {
  const { _sum } = await client.goal.aggregate({ where: { userId, archivedAt: null, ...(exceptGoalId ? { id: { not: exceptGoalId } } : {}) }, _sum: { accountSharePercent: true } });
  return _sum.accountSharePercent ?? 0;
}

/** One goal change at a time per investor, so two at once cannot both claim the same share of the account. */
async function lockGoalsOf(tx: Tx, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`goals:${userId}`}, 0))`;
}

async function checkShare(tx: Tx, userId: string, share: number, exceptGoalId?: string): Promise<void> {
  const claimed = await claimedShare(tx, userId, exceptGoalId);
  if (claimed + share > 100) {
    throw new InvalidInput("Please correct the highlighted fields.", {
      accountSharePercent: `Your other goals already count ${claimed}% of your account: at most ${100 - claimed}% is left for this one.`,
    });
  }
}

function auditDetails(goal: Goal): Record<string, string | number> {
  return {
    accountId: goal.accountId,
    kind: goal.kind,
    name: goal.name,
    targetAmount: goal.targetAmount.toString(),
    targetDate: isoDay(goal.targetDate),
    monthlyContribution: goal.monthlyContribution.toString(),
    accountSharePercent: goal.accountSharePercent,
  };
}

/** Creates a goal. Its share of the account defaults to what the other goals leave (the whole account for the first). */
export async function createGoal(user: CurrentUser, input: unknown, context: RequestContext, today = isoDay(new Date())): Promise<GoalView> {
  const fields = parseGoal(input, today);
  const account = await investmentAccountOf(user);
  const goal = await db.$transaction(async (tx) => {
    await lockGoalsOf(tx, user.id);
    const share = fields.accountSharePercent ?? 100 - (await claimedShare(tx, user.id));
    await checkShare(tx, user.id, share);
    const created = await tx.goal.create({
      data: {
        userId: user.id,
        accountId: account.id,
        kind: fields.kind,
        name: fields.name,
        targetAmount: fields.targetAmount,
        targetDate: new Date(`${fields.targetDate}T00:00:00Z`),
        monthlyContribution: fields.monthlyContribution,
        accountSharePercent: share,
      },
    });
    await recordAudit(tx, { action: "GOAL_CREATED", actorId: user.id, target: { type: "Goal", id: created.id }, context, details: auditDetails(created) });
    return created;
  });
  return toView(goal, account.currency);
}

/** Changes one of the investor's goals; the audit record keeps what it was and what it became. */
export async function changeGoal(user: CurrentUser, goalId: string, input: unknown, context: RequestContext, today = isoDay(new Date())): Promise<GoalView> {
  const existing = await ownGoal(user, goalId);
  const fields = parseGoal(input, today);
  const goal = await db.$transaction(async (tx) => {
    await lockGoalsOf(tx, user.id);
    const before = await tx.goal.findFirst({ where: { id: existing.id, userId: user.id, archivedAt: null } });
    if (!before) throw new NotFound("No such goal.");
    const share = fields.accountSharePercent ?? before.accountSharePercent;
    await checkShare(tx, user.id, share, before.id);
    const after = await tx.goal.update({
      where: { id: before.id },
      data: {
        kind: fields.kind,
        name: fields.name,
        targetAmount: fields.targetAmount,
        targetDate: new Date(`${fields.targetDate}T00:00:00Z`),
        monthlyContribution: fields.monthlyContribution,
        accountSharePercent: share,
      },
    });
    await recordAudit(tx, { action: "GOAL_CHANGED", actorId: user.id, target: { type: "Goal", id: after.id }, context, details: { ...auditDetails(after), before: auditDetails(before) } });
    return after;
  });
  return toView(goal, existing.currency);
}

/** Deletes a goal: it is archived (the audit trail refers to it) and never shown again. */
export async function deleteGoal(user: CurrentUser, goalId: string, context: RequestContext, now = new Date()): Promise<GoalView> {
  const existing = await ownGoal(user, goalId);
  await db.$transaction(async (tx) => {
    await lockGoalsOf(tx, user.id);
    const archived = await tx.goal.updateMany({ where: { id: existing.id, userId: user.id, archivedAt: null }, data: { archivedAt: now } });
    if (archived.count === 0) throw new NotFound("No such goal.");
    await recordAudit(tx, { action: "GOAL_DELETED", actorId: user.id, target: { type: "Goal", id: existing.id }, context, details: { name: existing.name, kind: existing.kind } });
  });
  return existing;
}

/** Years ahead for each answer to the questionnaire's "when do you expect to use this money". */
const HORIZON_YEARS: Record<string, number> = { lt3: 3, "3to5": 5, "6to10": 10, "11to20": 20, gt20: 25 };

export interface NewGoalDefaults {
  kind: GoalKind;
  name: string;
  targetDate: string;
  /** What the other goals leave of the account. */
  accountSharePercent: number;
}

/**
 * The form's starting values: the first goal takes its date and kind from the questionnaire's answers (when the
 * money is needed, an emergency fund or not) and the whole account; later ones what the other goals leave.
 */
export async function newGoalDefaults(user: CurrentUser, today = isoDay(new Date())): Promise<NewGoalDefaults> {
  await investmentAccountOf(user);
  const [claimed, count, profile] = await Promise.all([
    claimedShare(db, user.id),
    db.goal.count({ where: { userId: user.id, archivedAt: null } }),
    db.riskProfile.findFirst({ where: { userId: user.id }, orderBy: { createdAt: "desc" }, select: { answers: true } }),
  ]);
  const answers = (count === 0 && profile?.answers && typeof profile.answers === "object" ? profile.answers : {}) as Record<string, unknown>;
  const years = HORIZON_YEARS[String(answers.horizon)] ?? 10;
  const kind: GoalKind = answers.need === "yes" ? "SAFETY_NET" : answers.horizon === "gt20" ? "RETIREMENT" : "GENERAL";
  const names: Record<GoalKind, string> = { RETIREMENT: "Retirement", HOME: "A home", SAFETY_NET: "Safety net", GENERAL: "My goal" };
  return { kind, name: names[kind], targetDate: addMonths(today, years * 12), accountSharePercent: 100 - claimed };
}

/** The share of the account (percent) that the investor's goals other than `goalId` leave free. */
export async function shareLeft(user: CurrentUser, goalId?: string): Promise<number> {
  return 100 - (await claimedShare(db, user.id, goalId));
}
