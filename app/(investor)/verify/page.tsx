import type { Metadata } from "next";
import Link from "next/link";
import { KycDetails } from "@/components/kyc/kyc-details";
import { KycForm } from "@/components/kyc/kyc-form";
import { Alert } from "@/components/ui/alert";
import { requirePageUser } from "@/lib/auth/guards";
import { kycOf } from "@/lib/kyc/profile";
import { submitKycAction } from "./actions";
import { viewerFormatFor } from "@/lib/format/viewer";

export const metadata: Metadata = { title: "Verify your identity" };

export default async function VerifyPage() {
  const user = await requirePageUser("/verify", ["INVESTOR"]);
  const format = await viewerFormatFor(user);
  const kyc = await kycOf(user.id);
  return (
    <main className="narrow">
      <h1>Verify your identity</h1>
      <p className="lede">The law requires us to know who our investors are before money is invested for them.</p>
      {kyc?.status === "APPROVED" && <Alert tone="info">Your identity is verified.</Alert>}
      {kyc?.status === "PENDING_REVIEW" && (
        <Alert tone="info">Your details are with our team for review since {format.date(kyc.submittedAt)}. We will let you know.</Alert>
      )}
      {kyc?.status === "REJECTED" && (
        <Alert>
          We could not verify your identity: {kyc.rejectionReason} Please correct your details below (we kept what you sent, except your date of birth and tax id) and upload a new document.
        </Alert>
      )}
      {kyc && kyc.status !== "REJECTED" ? (
        <section aria-labelledby="details-heading" className="card">
          <h2 id="details-heading">What you sent</h2>
          <KycDetails kyc={kyc} />
        </section>
      ) : (
        <KycForm
          action={submitKycAction}
          previous={
            kyc
              ? {
                  legalName: kyc.legalName,
                  addressLine1: kyc.address.line1,
                  addressLine2: kyc.address.line2,
                  city: kyc.address.city,
                  region: kyc.address.region,
                  postalCode: kyc.address.postalCode,
                  taxIdMasked: kyc.taxId,
                }
              : undefined
          }
        />
      )}
      <p>
        <Link href="/dashboard">Back to your dashboard</Link>
      </p>
    </main>
  );
}
