import type { Metadata } from "next";
import Link from "next/link";
import { GoalForm } from "@/components/planning/goal-form";
import { requirePageUser } from "@/lib/auth/guards";
import { newGoalDefaults } from "@/lib/planning/goals";
import { createGoalAction } from "../actions";

export const metadata: Metadata = { title: "Add a goal" };

export default async function NewGoalPage() {
  const user = await requirePageUser("/goals/new", ["INVESTOR"]);
  const defaults = await newGoalDefaults(user);
  return (
    <main className="narrow">
      <p>
        <Link href="/goals">All goals</Link>
      </p>
      <h1>Add a goal</h1>
      <GoalForm
        action={createGoalAction}
        maxShare={defaults.accountSharePercent}
        submitLabel="Save goal"
        values={{ kind: defaults.kind, name: defaults.name, targetAmount: "", targetDate: defaults.targetDate, monthlyContribution: "", accountSharePercent: String(defaults.accountSharePercent) }}
      />
    </main>
  );
}
