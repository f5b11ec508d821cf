import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { ConfirmModelChangeForm, DeclineModelChangeForm } from "@/components/investing/model-change-forms";
import { ModelChangePreviewView } from "@/components/investing/model-change-preview";
import { Alert } from "@/components/ui/alert";
import { clientModelChange } from "@/lib/advisor/workspace";
import { requirePageUser } from "@/lib/auth/guards";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { Forbidden, NotFound } from "@/lib/errors";
import { confirmModelChangeAction, declineModelChangeAction } from "../../../actions";

export const metadata: Metadata = { title: "Preview a change of model" };

export default async function ClientModelChangePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; proposalId: string }>;
  searchParams: Promise<{ repriced?: string }>;
}) {
  const [{ id, proposalId }, { repriced }] = await Promise.all([params, searchParams]);
  const actor = await requirePageUser(`/admin/clients/${id}/model-change/${proposalId}`, STAFF_ROLES);
  const change = await clientModelChange(actor, id, proposalId).catch((error: unknown) => {
    if (error instanceof Forbidden) forbidden();
    if (error instanceof NotFound) notFound();
    throw error;
  });
  const fields = { clientId: id, proposalId: change.id };
  return (
    <main className="narrow wide-form">
      <p>
        <Link href={`/admin/clients/${id}`}>Back to the client</Link>
      </p>
      <h1>Preview a change of model</h1>
      {change.status === "CONFIRMED" && (
        <Alert tone="success">
          Confirmed: the account is moving to {change.to.name} and the client has been told why ({change.reason}). The rebalance runs on its own.
        </Alert>
      )}
      {change.status === "CANCELLED" && <Alert tone="info">This preview was closed: nothing was traded.</Alert>}
      {(change.status === "EXPIRED" || (change.status === "PROPOSED" && !change.open)) && (
        <Alert tone="info">This preview has expired: nothing was traded. Preview the change again from the client’s page.</Alert>
      )}
      {change.open && repriced && <Alert tone="info">Prices moved since the last preview, so nothing was traded: here it is at today’s prices.</Alert>}
      <ModelChangePreviewView change={change} />
      {change.open && (
        <section aria-labelledby="decide-heading" className="card">
          <h2 id="decide-heading">Confirm the change</h2>
          <ConfirmModelChangeForm action={confirmModelChangeAction} fields={fields} askReason />
          <DeclineModelChangeForm action={declineModelChangeAction} fields={fields} label="Cancel the change" />
        </section>
      )}
    </main>
  );
}
