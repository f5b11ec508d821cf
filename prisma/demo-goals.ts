/**
 * Two goals for Hana Holder, the demo investor with a history: a retirement goal that is on track and a home
 * that is not (so the demo shows both verdicts and the advice). Created through lib/planning/goals.ts, audited
 * as the investor's own; skipped when she already has goals.
 */
import { db } from "../lib/db";
import { NO_REQUEST_CONTEXT } from "../lib/http/request-context";
import { addMonths, createGoal } from "../lib/planning/goals";

const HOLDER_EMAIL = "holder@autovest.dev";

export async function seedDemoGoals(today = new Date().toISOString().slice(0, 10)): Promise<void> {
  const hana = await db.user.findUnique({ where: { email: HOLDER_EMAIL }, select: { id: true, email: true, name: true, role: true } });
  if (!hana || (await db.goal.count({ where: { userId: hana.id } })) > 0) return;
  if (!(await db.investmentAccount.findFirst({ where: { userId: hana.id }, select: { id: true } }))) return;
  const user = { ...hana, sessionId: "00000000-0000-0000-0000-000000000000" };
  await createGoal(
    user,
    { kind: "RETIREMENT", name: "Retirement", targetAmount: "300000", targetDate: addMonths(today, 25 * 12), monthlyContribution: "600", accountSharePercent: "70" },
    NO_REQUEST_CONTEXT,
    today,
  );
  await createGoal(
    user,
    { kind: "HOME", name: "Down payment on a home", targetAmount: "90000", targetDate: addMonths(today, 6 * 12), monthlyContribution: "800", accountSharePercent: "30" },
    NO_REQUEST_CONTEXT,
    today,
  );
}
