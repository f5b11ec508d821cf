import { db, type Tx } from "../db";
import { StepUpRequired } from "../errors";
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

/** Records that this session has just proved its second factor (at sign-in or a step-up). */
export async function markSecondFactorProved(tx: Tx, sessionId: string): Promise<void> {
  await tx.$executeRaw`UPDATE "Session" SET "secondFactorAt" = now() WHERE "id" = ${sessionId}::uuid AND "revokedAt" IS NULL`;
}
