import { db, type Tx } from "../db";
import { StepUpRequired } from "../errors";
import { isStaff } from "./roles";
import type { CurrentUser } from "./sessions";

/** How long a proved second factor covers sensitive actions in the same session. */
export const STEP_UP_WINDOW_SECONDS = 5 * 60;

/**
 * Throws StepUpRequired unless this session proved its second factor in the last STEP_UP_WINDOW_SECONDS
 * (checked in the database's clock, on the server, for every sensitive action).
 */
export async function requireStepUp(user: CurrentUser): Promise<void> {
  const [session] = await db.$queryRaw<{ recent: boolean; hasFactor: boolean }[]>`
    SELECT COALESCE("secondFactorAt" > now() - make_interval(secs => ${STEP_UP_WINDOW_SECONDS}), false) AS recent,
      EXISTS (SELECT 1 FROM "SecondFactor" f WHERE f."userId" = ${user.id}::uuid AND f."confirmedAt" IS NOT NULL) AS "hasFactor"
    FROM "Session" WHERE "id" = ${user.sessionId}::uuid AND "userId" = ${user.id}::uuid AND "revokedAt" IS NULL`;
  if (!session?.hasFactor) throw new StepUpRequired("enrol");
  if (!session.recent) throw new StepUpRequired("confirm");
}

/**
 * Staff reach /admin only with a second factor that this session has proved (at sign-in, or by enrolling it):
 * "enrol" when they have none yet, "prove" when this session has not used it, null when all is well.
 */
export async function staffSecondFactorGap(user: CurrentUser): Promise<"enrol" | "prove" | null> {
  const [session] = await db.$queryRaw<{ proved: boolean; hasFactor: boolean }[]>`
    SELECT "secondFactorAt" IS NOT NULL AS proved,
      EXISTS (SELECT 1 FROM "SecondFactor" f WHERE f."userId" = ${user.id}::uuid AND f."confirmedAt" IS NOT NULL) AS "hasFactor"
    FROM "Session" WHERE "id" = ${user.sessionId}::uuid`;
  if (!session?.hasFactor) return "enrol";
  return session.proved ? null : "prove";
}

/**
 * Staff work needs a second factor this session has proved, wherever it is asked from (a server action or route, not
 * only the /admin pages); anyone else passes. Returns the user, checked.
 */
export async function requireStaffSecondFactor(user: CurrentUser): Promise<CurrentUser> {
  if (!isStaff(user.role)) return user;
  const gap = await staffSecondFactorGap(user);
  if (gap) throw new StepUpRequired(gap === "enrol" ? "enrol" : "confirm");
  return user;
}

/** Records that this session has just proved its second factor (at sign-in or a step-up). */
export async function markSecondFactorProved(tx: Tx, sessionId: string): Promise<void> {
  await tx.$executeRaw`UPDATE "Session" SET "secondFactorAt" = now() WHERE "id" = ${sessionId}::uuid AND "revokedAt" IS NULL`;
}

/**
 * Step-up for what every user may do whether or not they have a second factor (download their data, close their
 * account): those with a factor prove it again; those without one have nothing to prove (requireStepUp says
 * "enrol" for them), and making them enrol first would put a hurdle in front of a legal right.
 */
export async function requireStepUpIfEnrolled(user: CurrentUser): Promise<void> {
  try {
    await requireStepUp(user);
  } catch (error) {
    if (error instanceof StepUpRequired && error.reason === "enrol") return;
    throw error;
  }
}
