/**
 * Why a deposit failed, in the investor's words, with what to do next: from Stripe's card decline codes
 * (https://docs.stripe.com/declines/codes) and the ACH return codes a US bank debit comes back with (R01 …, or the
 * failure codes Stripe names them by). Pure: the deposit list, the dashboard and the notification all say this.
 */
import { formatMoney } from "../money";

export interface FailureExplanation {
  /** One or two sentences: what happened, and that no money was taken or owed. */
  message: string;
  nextAction: { label: string; href: string };
}

export interface FailedDeposit {
  method: "CARD" | "US_BANK_ACCOUNT";
  /** Deposit.failureCode: the decline code, Stripe's error code or an ACH return code; null when none was given. */
  code: string | null;
  amount: bigint;
  currency: string;
}

const TRY_ANOTHER_CARD = { label: "Try another card", href: "/deposit" };
const DEPOSIT_AGAIN = { label: "Deposit again", href: "/deposit" };
const LINK_ANOTHER_BANK = { label: "Link another bank account", href: "/bank-accounts" };

/** Card declines: what the bank said, and the next step. */
const CARD: Record<string, { why: string; next: FailureExplanation["nextAction"] }> = {
  insufficient_funds: { why: "Your card was declined: your bank says there are not enough funds. No money was taken. Try a smaller amount or another card.", next: TRY_ANOTHER_CARD },
  lost_card: { why: "Your card was declined because it has been reported lost. No money was taken. Use another card.", next: TRY_ANOTHER_CARD },
  stolen_card: { why: "Your card was declined because it has been reported stolen. No money was taken. Use another card.", next: TRY_ANOTHER_CARD },
  expired_card: { why: "Your card has expired: no money was taken. Use a card that is still valid.", next: TRY_ANOTHER_CARD },
  incorrect_cvc: { why: "The card's security code (CVC) did not match: no money was taken. Check the code on the back of the card and try again.", next: DEPOSIT_AGAIN },
  incorrect_number: { why: "The card number is not right: no money was taken. Check the number and try again.", next: DEPOSIT_AGAIN },
  processing_error: { why: "Your card could not be charged because of a processing error: no money was taken. Try again in a few minutes.", next: DEPOSIT_AGAIN },
  card_velocity_exceeded: { why: "Your card was declined: it has reached its spending limit. No money was taken. Try a smaller amount or another card.", next: TRY_ANOTHER_CARD },
  authentication_required: { why: "Your bank asked for the payment to be confirmed and it was not: no money was taken. Try again and confirm it with your bank.", next: DEPOSIT_AGAIN },
};
const CARD_DEFAULT = { why: "Your card was declined by your bank: no money was taken. Try another card.", next: TRY_ANOTHER_CARD };

/** ACH return codes, and Stripe's names for them: why the bank returned the debit. */
const BANK_REASONS: Record<string, { why: string; next: FailureExplanation["nextAction"] }> = {
  R01: { why: "not enough funds in the account", next: DEPOSIT_AGAIN },
  R02: { why: "the account is closed", next: LINK_ANOTHER_BANK },
  R03: { why: "no account matches the details", next: LINK_ANOTHER_BANK },
  R04: { why: "the account number is not valid", next: LINK_ANOTHER_BANK },
  R07: { why: "the account holder withdrew the authorisation", next: LINK_ANOTHER_BANK },
  R08: { why: "the account holder stopped the payment", next: DEPOSIT_AGAIN },
  R10: { why: "the account holder did not authorise the debit", next: LINK_ANOTHER_BANK },
  R16: { why: "the account is frozen", next: LINK_ANOTHER_BANK },
  R20: { why: "the account does not allow debits", next: LINK_ANOTHER_BANK },
  R29: { why: "the account does not allow debits from Autovest", next: LINK_ANOTHER_BANK },
};
const BANK_ALIASES: Record<string, string> = {
  insufficient_funds: "R01",
  account_closed: "R02",
  no_account: "R03",
  invalid_account_number: "R04",
  debit_not_authorized: "R10",
  account_frozen: "R16",
  bank_account_restricted: "R20",
};

/** The investor's explanation of a failed deposit. */
export function explainDepositFailure(deposit: FailedDeposit): FailureExplanation {
  const code = deposit.code?.trim() ?? "";
  if (deposit.method === "CARD") {
    const known = CARD[code] ?? CARD_DEFAULT;
    return { message: known.why, nextAction: known.next };
  }
  const returnCode = BANK_ALIASES[code] ?? code.toUpperCase();
  const reason = BANK_REASONS[returnCode];
  const amount = formatMoney(deposit.amount, deposit.currency);
  const because = reason ? `${returnCode}: ${reason.why}` : "the bank did not say why";
  return {
    message: `Your bank returned the ${amount} transfer (${because}): it was not invested, and nothing is owed.`,
    nextAction: reason?.next ?? DEPOSIT_AGAIN,
  };
}
