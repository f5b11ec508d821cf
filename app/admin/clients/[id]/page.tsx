import type { Metadata } from "next";
import Link from "next/link";
import { AssignAdvisorForm } from "@/components/admin/assign-advisor-form";
import { KycReviewForm } from "@/components/admin/kyc-review-form";
import { KycDetails } from "@/components/kyc/kyc-details";
import { clientFor, clientKyc, listAdvisors } from "@/lib/advisor/clients";
import { requirePageUser } from "@/lib/auth/guards";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { Forbidden, NotFound } from "@/lib/errors";
import { forbidden, notFound } from "next/navigation";
import { assignAdvisorAction, reviewKycAction } from "../actions";

export const metadata: Metadata = { title: "Client" };

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

export default async function ClientPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageUser(`/admin/clients/${id}`, STAFF_ROLES);
  const client = await clientFor(actor, id).catch((error: unknown) => {
    if (error instanceof Forbidden) forbidden();
    if (error instanceof NotFound) notFound();
    throw error;
  });
  const [kyc, advisors] = await Promise.all([clientKyc(actor, client.id), actor.role === "ADMIN" ? listAdvisors(actor) : null]);
  return (
    <main>
      <p>
        <Link href="/admin/clients">All clients</Link>
      </p>
      <h1>{client.name}</h1>
      <p className="lede">
        {client.email}, client since {dateFormat.format(client.joinedAt)}. Advisor: {client.advisor?.name ?? "nobody yet"}.
      </p>
      {advisors && <AssignAdvisorForm action={assignAdvisorAction} clientId={client.id} current={client.advisor?.id ?? null} advisors={advisors} />}
      <section aria-labelledby="kyc-heading" className="card">
        <h2 id="kyc-heading">Identity check</h2>
        {!kyc ? (
          <p>Not submitted yet.</p>
        ) : (
          <>
            <KycDetails kyc={kyc} showStatus />
            <p>
              <a href={`/api/v1/kyc/${client.id}/document`} target="_blank" rel="noreferrer">
                View the identity document ({kyc.documentType.split("/")[1]?.toUpperCase()})
              </a>
            </p>
            {kyc.status === "REJECTED" && <p>Rejected: {kyc.rejectionReason}</p>}
            {kyc.status === "PENDING_REVIEW" && <KycReviewForm action={reviewKycAction} clientId={client.id} />}
          </>
        )}
      </section>
    </main>
  );
}
