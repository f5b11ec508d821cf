/**
 * A new investor's next steps, as the dashboard's checklist shows them: each step is done, waiting on us
 * (identity under review), needs fixing (identity rejected), or still to do; each not done has the page to do it
 * on. Derived on the server from what the database says, for the signed-in investor only.
 */
import type { CurrentUser } from "../auth/sessions";
import { hasSecondFactor } from "../auth/second-factor/factors";
import { db } from "../db";

export type NextStepKey = "questionnaire" | "identity" | "first-deposit" | "second-factor" | "recurring-deposit";
export type NextStepState = "done" | "todo" | "pending" | "rejected";

export interface NextStep {
  key: NextStepKey;
  label: string;
  state: NextStepState;
  /** What to do, and where (none when done). */
  action: { label: string; href: string } | null;
}

export interface NextSteps {
  steps: NextStep[];
  allDone: boolean;
}

/** Deposits whose money arrived (a later refund or dispute does not undo the first deposit as a step). */
const ARRIVED = ["SUCCEEDED", "REFUNDED", "DISPUTED"] as const;

export async function nextStepsFor(user: CurrentUser): Promise<NextSteps> {
  const [answered, kyc, deposited, secondFactor, recurring] = await Promise.all([
    db.riskProfile.count({ where: { userId: user.id }, take: 1 }),
    db.kycProfile.findUnique({ where: { userId: user.id }, select: { status: true } }),
    db.deposit.count({ where: { investmentAccount: { userId: user.id }, status: { in: [...ARRIVED] } }, take: 1 }),
    hasSecondFactor(user.id),
    db.recurringDeposit.count({ where: { investmentAccount: { userId: user.id }, status: "ACTIVE" }, take: 1 }),
  ]);
  const identity: NextStep =
    kyc?.status === "APPROVED"
      ? { key: "identity", label: "Identity verified", state: "done", action: null }
      : kyc?.status === "PENDING_REVIEW"
        ? { key: "identity", label: "Identity check submitted: we are reviewing it", state: "pending", action: { label: "Your identity check", href: "/verify" } }
        : kyc?.status === "REJECTED"
          ? { key: "identity", label: "Identity check not accepted", state: "rejected", action: { label: "Fix your identity details", href: "/verify" } }
          : { key: "identity", label: "Verify your identity", state: "todo", action: { label: "Start your identity check", href: "/verify" } };
  const steps: NextStep[] = [
    answered > 0
      ? { key: "questionnaire", label: "Risk questionnaire answered", state: "done", action: null }
      : { key: "questionnaire", label: "Answer the risk questionnaire", state: "todo", action: { label: "Take the questionnaire", href: "/onboarding" } },
    identity,
    deposited > 0
      ? { key: "first-deposit", label: "First deposit made", state: "done", action: null }
      : { key: "first-deposit", label: "Make your first deposit", state: "todo", action: { label: "Make a deposit", href: "/deposit" } },
    secondFactor
      ? { key: "second-factor", label: "Second factor set up", state: "done", action: null }
      : { key: "second-factor", label: "Protect your account with a second factor", state: "todo", action: { label: "Set up a second factor", href: "/security" } },
    recurring > 0
      ? { key: "recurring-deposit", label: "Recurring deposit set up", state: "done", action: null }
      : { key: "recurring-deposit", label: "Invest regularly with a recurring deposit", state: "todo", action: { label: "Set up a recurring deposit", href: "/recurring-deposits" } },
  ];
  return { steps, allDone: steps.every((step) => step.state === "done") };
}
