import type { KycView } from "@/lib/kyc/profile";
import { currentUser } from "@/lib/auth/guards";
import { viewerFormatFor } from "@/lib/format/viewer";

export const KYC_STATUS_LABELS: Record<KycView["status"], string> = {
  PENDING_REVIEW: "Waiting for review",
  APPROVED: "Approved",
  REJECTED: "Rejected",
};

/** What an investor submitted for their identity check, masked: for the investor and their advisor alike. */
export async function KycDetails({ kyc, showStatus = false }: { kyc: KycView; showStatus?: boolean }) {
  const format = await viewerFormatFor(await currentUser());

  const { address } = kyc;
  return (
    <dl className="figures">
      {showStatus && (
        <div>
          <dt>Status</dt>
          <dd data-testid="kyc-status">{KYC_STATUS_LABELS[kyc.status]}</dd>
        </div>
      )}
      <div>
        <dt>Legal name</dt>
        <dd>{kyc.legalName}</dd>
      </div>
      <div>
        <dt>Date of birth</dt>
        <dd>{kyc.dateOfBirth}</dd>
      </div>
      <div>
        <dt>Tax id</dt>
        <dd data-testid="kyc-tax-id">{kyc.taxId}</dd>
      </div>
      <div>
        <dt>Address</dt>
        <dd>{[address.line1, address.line2, `${address.city}, ${address.region} ${address.postalCode}`].filter(Boolean).join(", ")}</dd>
      </div>
      <div>
        <dt>Submitted</dt>
        <dd>{format.date(kyc.submittedAt)}</dd>
      </div>
    </dl>
  );
}
