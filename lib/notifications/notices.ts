/**
 * What each notification says, built inside the transaction of the change it announces (so it reads the
 * change as committed with it). Wording is for investors: amounts as money, no internal terms.
 */
import type { Tx } from "../db";
import { formatMoney } from "../money";
import { explainDepositFailure } from "../payments/failure-reasons";
import type { Notice } from "./notify";

async function accountOwner(tx: Tx, investmentAccountId: string) {
  return tx.investmentAccount.findUniqueOrThrow({ where: { id: investmentAccountId }, select: { userId: true, currency: true } });
}

/** A deposit's money reached the investor's account. */
export async function depositReceived(tx: Tx, deposit: { id: string; investmentAccountId: string; amount: bigint; currency: string }): Promise<Notice> {
  const { userId } = await accountOwner(tx, deposit.investmentAccountId);
  return {
    userId,
    kind: "DEPOSIT",
    title: `Deposit of ${formatMoney(deposit.amount, deposit.currency)} received`,
    body: "The money is in your account. Your activity page lists every deposit.",
    link: "/activity",
    dedupeKey: `deposit-succeeded:${deposit.id}`,
  };
}

/** A deposit failed (a declined card, a returned bank debit): told once per Stripe event, with what to do next. */
export async function depositFailed(
  tx: Tx,
  deposit: { investmentAccountId: string; amount: bigint; currency: string; method: "CARD" | "US_BANK_ACCOUNT"; failureCode: string | null },
  eventId: string,
): Promise<Notice> {
  const { userId } = await accountOwner(tx, deposit.investmentAccountId);
  const explained = explainDepositFailure({ method: deposit.method, code: deposit.failureCode, amount: deposit.amount, currency: deposit.currency });
  const amount = formatMoney(deposit.amount, deposit.currency);
  return {
    userId,
    kind: "DEPOSIT",
    title: deposit.method === "CARD" ? `Your card payment of ${amount} was declined` : `Your bank returned your ${amount} transfer`,
    body: explained.message,
    link: explained.nextAction.href,
    dedupeKey: `deposit-failed:${eventId}`,
  };
}

/** Stripe's failure_reason for a refund, in the investor's words. */
const REFUND_FAILURE_REASONS: Record<string, string> = {
  lost_or_stolen_card: "the card was reported lost or stolen",
  expired_or_canceled_card: "the card has expired or was canceled",
  declined: "the bank declined it",
};

/** A refund of a deposit did not reach the payer (failed or canceled): its money is in the account. */
export async function refundFailed(
  tx: Tx,
  deposit: { investmentAccountId: string; currency: string },
  refund: { stripeRefundId: string; amount: bigint; status: string; failureReason: string | null },
): Promise<Notice> {
  const { userId } = await accountOwner(tx, deposit.investmentAccountId);
  const reason = refund.failureReason ? REFUND_FAILURE_REASONS[refund.failureReason] : undefined;
  const why = refund.status === "CANCELED" ? "It was canceled" : reason ? `It was returned because ${reason}` : "It was returned";
  return {
    userId,
    kind: "DEPOSIT",
    title: `Your refund of ${formatMoney(refund.amount, deposit.currency)} did not go through`,
    body: `${why}. The money is in your Autovest account; your activity page shows it.`,
    link: "/activity",
    dedupeKey: `deposit-refund-failed:${refund.stripeRefundId}`,
  };
}

/**
 * An invest run's buys are settled. The account's run lock says which workflow bought: the buy side of a
 * rebalance announces the rebalance (its money was already invested), an invest run the money it invested.
 */
export async function investmentCompleted(tx: Tx, investmentAccountId: string, runId: string, invested: bigint): Promise<Notice | null> {
  const { userId, currency } = await accountOwner(tx, investmentAccountId);
  const lock = await tx.accountRunLock.findUnique({ where: { investmentAccountId }, select: { kind: true } });
  if (lock?.kind === "rebalance") {
    return {
      userId,
      kind: "REBALANCE",
      title: "Your portfolio was rebalanced",
      body: "We traded your holdings back to your model's target mix.",
      link: "/holdings",
      dedupeKey: `rebalance-completed:${runId}`,
    };
  }
  if (invested <= 0n) return null;
  return {
    userId,
    kind: "INVESTMENT",
    title: `Your ${formatMoney(invested, currency)} is invested`,
    body: "We bought the funds of your portfolio with it. Your holdings page shows what you own.",
    link: "/holdings",
    dedupeKey: `investment-completed:${runId}`,
  };
}

/** An advisor approved or rejected the investor's identity check (one notification per decision). */
export async function kycDecided(tx: Tx, userId: string): Promise<Notice | null> {
  const profile = await tx.kycProfile.findUnique({ where: { userId }, select: { status: true, rejectionReason: true, reviewedAt: true } });
  if (!profile?.reviewedAt) return null;
  const dedupeKey = `kyc-reviewed:${userId}:${profile.reviewedAt.toISOString()}`;
  if (profile.status === "APPROVED") {
    return { userId, kind: "KYC", title: "Your identity is verified", body: "You can now deposit money and invest.", link: "/deposit", dedupeKey };
  }
  if (profile.status === "REJECTED") {
    return {
      userId,
      kind: "KYC",
      title: `We could not verify your identity: ${profile.rejectionReason ?? "see your identity page"}`,
      body: "Correct your details or upload a clearer document, then submit them again.",
      link: "/verify",
      dedupeKey,
    };
  }
  return null;
}
