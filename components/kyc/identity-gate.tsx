import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import type { KycView } from "@/lib/kyc/profile";

/** Where an investor whose identity is not yet verified stands, and the way forward (deposits wait for it). */
export function IdentityGate({ status }: { status: KycView["status"] | null }) {
  if (status === "APPROVED") return null;
  if (status === "PENDING_REVIEW") {
    return (
      <Alert tone="info">
        Your identity check is waiting for review. You can deposit and invest as soon as an advisor approves it.{" "}
        <Link href="/verify">See what you sent</Link>
      </Alert>
    );
  }
  if (status === "REJECTED") {
    return (
      <Alert tone="info">
        We could not verify your identity, so deposits and investing are paused. <Link href="/verify">Correct your details</Link>
      </Alert>
    );
  }
  return (
    <Alert tone="info">
      Before you deposit, verify your identity: it takes a few minutes, and an advisor reviews it.{" "}
      <Link href="/verify">Verify your identity</Link>
    </Alert>
  );
}
