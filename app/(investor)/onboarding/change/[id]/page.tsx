import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ConfirmModelChangeForm, DeclineModelChangeForm } from "@/components/investing/model-change-forms";
import { ModelChangePreviewView } from "@/components/investing/model-change-preview";
import { Alert } from "@/components/ui/alert";
import { requirePageUser } from "@/lib/auth/guards";
import { NotFound } from "@/lib/errors";
import { myModelChange } from "@/lib/investing/risk-profile";
import { confirmModelChangeAction, declineModelChangeAction } from "../../actions";
import { viewerFormatFor } from "@/lib/format/viewer";
import { isChosenProposal } from "@/lib/investing/portfolio-choice";

export const metadata: Metadata = { title: "Review the change to your portfolio" };

export default async function ModelChangePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ repriced?: string; strategy?: string }> }) {
  const [{ id }, { repriced, strategy }] = await Promise.all([params, searchParams]);
  const user = await requirePageUser(`/onboarding/change/${id}`, ["INVESTOR"]);
  const format = await viewerFormatFor(user);
  const change = await myModelChange(user, id).catch((error: unknown) => {
    if (error instanceof NotFound) notFound();
    throw error;
  });
  const chosen = await isChosenProposal(user, id);

  return (
    <main className="narrow wide-form">
      <h1>Review the change to your portfolio</h1>
      {change.status === "CONFIRMED" && (
        <Alert tone="success">
          Confirmed: your account is moving to {change.to.name}. The trades run in the next few minutes (or when the market opens); your{" "}
          <Link href="/holdings">holdings</Link> show them as they fill.
        </Alert>
      )}
      {change.status === "CANCELLED" && <Alert tone="info">This preview was closed: nothing was traded.</Alert>}
      {(change.status === "EXPIRED" || (change.status === "PROPOSED" && !change.open)) && (
        <Alert tone="info">
          This preview has expired (prices move): nothing was traded. <Link href="/onboarding?retake=1">Retake the questionnaire</Link> to see a
          new one.
        </Alert>
      )}
      {change.open && (
        <>
          {repriced && <Alert tone="info">Prices moved since your last preview, so nothing was traded: here it is again at today’s prices.</Alert>}
          <p className="lede">
            {strategy === "follow"
              ? `You chose to follow the ${change.to.name} strategy.`
              : strategy === "leave"
                ? `You chose to go back to ${change.to.name}, the portfolio your questionnaire recommends.`
                : chosen
                  ? `You chose the ${change.to.name} portfolio.`
                  : `Your new answers match the ${change.to.name} portfolio.`}{" "}
            Nothing is bought or sold until you confirm. This preview can be confirmed
            until {format.time(change.expiresAt)}.
          </p>
        </>
      )}
      <ModelChangePreviewView change={change} />
      {change.open && (
        <section aria-labelledby="decide-heading" className="card">
          <h2 id="decide-heading">Your decision</h2>
          <ConfirmModelChangeForm action={confirmModelChangeAction} fields={{ proposalId: change.id }} />
          <DeclineModelChangeForm action={declineModelChangeAction} fields={{ proposalId: change.id }} label="Keep my current portfolio" />
        </section>
      )}
    </main>
  );
}
