import Link from "next/link";
import type { CurrentUser } from "@/lib/auth/sessions";
import { viewerFormat } from "@/lib/format/viewer";
import { formatMoney } from "@/lib/money";
import { projectGoals } from "@/lib/planning/goal-projection";
import { listGoals } from "@/lib/planning/goals";

/**
 * The investor's goals in a few lines, for the dashboard: each goal's target, date, estimated chance and verdict.
 * A server component; `user` is the signed-in investor (the page has checked who they are).
 */
export async function GoalsSummary({ user }: { user: CurrentUser }) {
  const [goals, format] = await Promise.all([listGoals(user), viewerFormat()]);
  const projections = await projectGoals(user.id, goals);
  return (
    <section aria-labelledby="goals-summary-heading" className="card stack">
      <h2 id="goals-summary-heading">Goals</h2>
      {goals.length === 0 ? (
        <p>
          No goals yet. <Link href="/goals/new">Add a goal</Link> to see how likely you are to reach it.
        </p>
      ) : (
        <ul className="goals-summary">
          {goals.map((goal) => {
            const projection = projections.get(goal.id)!;
            const onTrack = projection.status.kind === "ON_TRACK";
            return (
              <li key={goal.id}>
                <Link href={`/goals#goal-${goal.id}`}>{goal.name}</Link>: {formatMoney(goal.targetAmount).replace(/\.00$/, "")} by {format.day(goal.targetDate)} —{" "}
                <span className={onTrack ? "badge badge-ok" : "badge badge-warn"}>{onTrack ? "On track" : "Not on track"}</span> ({Math.round(projection.probability * 100)}%
                estimated chance)
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
