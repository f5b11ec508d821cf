import type { Metadata } from "next";
import Link from "next/link";
import { AllocationTable } from "@/components/investing/allocation-table";
import { QuestionnaireForm } from "@/components/investing/questionnaire-form";
import { Alert } from "@/components/ui/alert";
import { requirePageUser } from "@/lib/auth/guards";
import { QUESTIONS } from "@/lib/investing/risk";
import { currentRiskProfile, myOpenModelChange } from "@/lib/investing/risk-profile";
import { hasSecondFactor } from "@/lib/auth/second-factor/factors";
import { submitQuestionnaireAction } from "./actions";

export const metadata: Metadata = { title: "Your risk profile" };

export default async function OnboardingPage({ searchParams }: { searchParams: Promise<{ retake?: string; kept?: string }> }) {
  const user = await requirePageUser("/onboarding", ["INVESTOR"]);
  const [profile, { retake, kept }, protectedBySecondFactor, pendingChange] = await Promise.all([
    currentRiskProfile(user),
    searchParams,
    hasSecondFactor(user.id),
    myOpenModelChange(user),
  ]);

  if (!profile || retake) {
    return (
      <main className="narrow wide-form">
        <h1>{profile ? "Retake the risk questionnaire" : "Let’s find your portfolio"}</h1>
        <p className="lede">Seven questions about your goals and how you feel about risk. There are no wrong answers.</p>
        <QuestionnaireForm action={submitQuestionnaireAction} questions={QUESTIONS} />
      </main>
    );
  }

  return (
    <main>
      <h1>Your risk profile</h1>
      {kept && <Alert tone="info">You kept your current portfolio: nothing was bought or sold.</Alert>}
      {pendingChange && (
        <Alert tone="info">
          Your latest answers suggest a different portfolio. <Link href={`/onboarding/change/${pendingChange}`}>Review the change</Link> before
          anything is traded.
        </Alert>
      )}
      <section aria-labelledby="score-heading" className="card">
        <h2 id="score-heading">
          Risk score: <span data-testid="risk-score">{profile.score}</span> of 10
        </h2>
        {profile.explanation.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </section>
      {profile.model && (
        <section aria-labelledby="model-heading" className="card">
          <h2 id="model-heading">Your portfolio: {profile.model.name}</h2>
          <p>{profile.model.description}</p>
          <AllocationTable allocation={profile.model.allocation} caption={`${profile.model.name} target allocation`} />
        </section>
      )}
      {!protectedBySecondFactor && (
        <section aria-labelledby="protect-heading" className="card">
          <h2 id="protect-heading">Protect your account</h2>
          <p>
            Add a second factor (an authenticator app or a passkey) so that a stolen password is not enough to reach your money. It takes a
            minute; you can also do it later from Security.
          </p>
          <p className="actions">
            <Link href="/security" className="button">
              Set up a second factor
            </Link>
          </p>
        </section>
      )}
      <p className="actions">
        <Link href="/deposit" className="button">
          Deposit money
        </Link>
        <Link href="/portfolio" className="button button-quiet">
          Compare or choose another portfolio
        </Link>
        <Link href="/onboarding?retake=1" className="button button-quiet">
          Retake the questionnaire
        </Link>
      </p>
    </main>
  );
}
