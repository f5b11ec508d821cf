import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeleteGoalButton, GoalForm } from "@/components/planning/goal-form";
import { requirePageUser } from "@/lib/auth/guards";
import { NotFound } from "@/lib/errors";
import { toDecimalString } from "@/lib/money";
import { ownGoal, shareLeft } from "@/lib/planning/goals";
import { changeGoalAction, deleteGoalAction } from "../../actions";

export const metadata: Metadata = { title: "Edit goal" };

export default async function EditGoalPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser(`/goals/${id}/edit`, ["INVESTOR"]);
  const goal = await ownGoal(user, id).catch((error: unknown) => {
    if (error instanceof NotFound) notFound();
    throw error;
  });
  const left = await shareLeft(user, goal.id);
  return (
    <main className="narrow">
      <p>
        <Link href="/goals">All goals</Link>
      </p>
      <h1>Edit goal: {goal.name}</h1>
      <GoalForm
        action={changeGoalAction}
        maxShare={left}
        submitLabel="Save changes"
        values={{
          goalId: goal.id,
          kind: goal.kind,
          name: goal.name,
          targetAmount: toDecimalString(goal.targetAmount),
          targetDate: goal.targetDate,
          monthlyContribution: toDecimalString(goal.monthlyContribution),
          accountSharePercent: String(goal.accountSharePercent),
        }}
      />
      <section aria-labelledby="delete-heading" className="stack card">
        <h2 id="delete-heading">Delete this goal</h2>
        <p>It disappears from your goals; nothing in your account changes.</p>
        <DeleteGoalButton action={deleteGoalAction} goalId={goal.id} name={goal.name} />
      </section>
    </main>
  );
}
