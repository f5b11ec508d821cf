import Link from "next/link";
import type { NextStep, NextSteps } from "@/lib/onboarding/next-steps";

const MARKS: Record<NextStep["state"], { mark: string; word: string }> = {
  done: { mark: "✓", word: "Done" },
  todo: { mark: "○", word: "To do" },
  pending: { mark: "…", word: "Waiting for review" },
  rejected: { mark: "!", word: "Needs your attention" },
};

/** The steps without which nothing is invested: once they are done, the rest are folded away. */
const ESSENTIAL: NextStep["key"][] = ["questionnaire", "identity", "first-deposit"];

/**
 * A new investor's checklist (lib/onboarding/next-steps.ts): open while the money cannot be invested yet, folded
 * once it can (the second factor and the recurring deposit are one click away), gone once every step is done.
 */
export function NextStepsChecklist({ nextSteps }: { nextSteps: NextSteps }) {
  if (nextSteps.allDone) return null;
  const done = nextSteps.steps.filter((step) => step.state === "done").length;
  const investing = nextSteps.steps.every((step) => step.state === "done" || !ESSENTIAL.includes(step.key));
  return (
    <section aria-labelledby="next-steps-heading" className="card">
      <h2 id="next-steps-heading">Next steps</h2>
      <details className="next-steps-details" open={!investing}>
        <summary>
          {done} of {nextSteps.steps.length} done
        </summary>
        <ol className="next-steps">
        {nextSteps.steps.map((step) => (
          <li key={step.key} data-state={step.state}>
            <span className="next-step-mark" aria-hidden="true">
              {MARKS[step.state].mark}
            </span>
            <span>
              {step.label} <span className="visually-hidden">({MARKS[step.state].word})</span>
              {step.action && (
                <>
                  {" "}
                  <Link href={step.action.href}>{step.action.label}</Link>
                </>
              )}
            </span>
          </li>
        ))}
        </ol>
      </details>
    </section>
  );
}
