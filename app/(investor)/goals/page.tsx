import type { Metadata } from "next";
import Link from "next/link";
import { GoalCard } from "@/components/planning/goal-card";
import { Alert } from "@/components/ui/alert";
import { requirePageUser } from "@/lib/auth/guards";
import { viewerFormat } from "@/lib/format/viewer";
import { projectGoals } from "@/lib/planning/goal-projection";
import { listGoals } from "@/lib/planning/goals";

export const metadata: Metadata = { title: "Goals" };

export default async function GoalsPage({ searchParams }: { searchParams: Promise<{ saved?: string; deleted?: string }> }) {
  const user = await requirePageUser("/goals", ["INVESTOR"]);
  const [goals, format, query] = await Promise.all([listGoals(user), viewerFormat(), searchParams]);
  const projections = await projectGoals(user.id, goals);
  const saved = goals.find((goal) => goal.id === query.saved);
  return (
    <main>
      <h1>Goals</h1>
      <p className="lede">What you are saving for, and the chance of getting there: estimates from 10,000 simulated markets, not a promise.</p>
      {saved && <Alert tone="success">Goal saved: {saved.name}.</Alert>}
      {query.deleted && !saved && <Alert tone="success">Goal deleted.</Alert>}
      <p className="actions">
        <Link href="/goals/new" className="button">
          Add a goal
        </Link>
      </p>
      <section aria-labelledby="your-goals" className="stack">
        <h2 id="your-goals">Your goals</h2>
        {goals.length === 0 ? (
          <p>None yet. Add one to see how likely you are to reach it.</p>
        ) : (
          goals.map((goal) => (
            <div key={goal.id} className="stack">
              <GoalCard goal={goal} projection={projections.get(goal.id)!} format={format} />
              <p>
                <Link href={`/goals/${goal.id}/edit`} aria-label={`Edit or delete goal: ${goal.name}`}>
                  Edit or delete
                </Link>
              </p>
            </div>
          ))
        )}
      </section>
      <section id="how" aria-labelledby="how-heading" className="stack">
        <h2 id="how-heading">How we project a goal</h2>
        <p>
          Each month of 10,000 simulated futures, your portfolio grows or falls by a random amount whose average and spread come from our long-term assumptions for each
          asset class in your model, less our advisory fee; your monthly contribution is added at the month&apos;s end. A goal is on track when at least 70% of those futures
          reach the target by its date. Figures are nominal dollars, before taxes and not adjusted for inflation.
        </p>
      </section>
    </main>
  );
}
