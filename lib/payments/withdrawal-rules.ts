/**
 * Withdrawals, pure: what an investor may take out, the amount they typed, the states a withdrawal moves through, and
 * when it waits for an advisor. No I/O (lib/payments/withdrawals/ applies these under the account's lock).
 *
 * - Available = cash + the estimated proceeds of selling everything (raise-cash-plan: cents rounded down per sale)
 *   − what the investor owes − what other open withdrawals still need beyond the cash they hold. An open withdrawal of
 *   "everything" leaves nothing available to another.
 * - States: requested → selling → settling → paying → paid; or awaiting approval first; cancelled (until selling
 *   starts), rejected (by an advisor), failed (before the money left: it is back in cash), returned (the bank sent
 *   it back after it was paid: back in cash).
 */
import { InvalidInput } from "../errors";
import type { WithdrawalStatus } from "../generated/prisma/client";
import { formatMoney, parseMoney } from "../money";

export type WithdrawalAmount = bigint | "everything";

/** What may go to each state from where. A state not listed as a source is final (paid can still be returned). */
const TRANSITIONS: Record<WithdrawalStatus, WithdrawalStatus[]> = {
  AWAITING_APPROVAL: ["REQUESTED", "REJECTED", "CANCELLED"],
  REQUESTED: ["SELLING", "CANCELLED", "FAILED"],
  SELLING: ["SETTLING", "FAILED"],
  SETTLING: ["PAYING", "FAILED"],
  PAYING: ["PAID", "FAILED", "RETURNED"],
  PAID: ["RETURNED"],
  FAILED: [],
  RETURNED: [],
  CANCELLED: [],
  REJECTED: [],
};

export function canMove(from: WithdrawalStatus, to: WithdrawalStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Before any sale is placed the investor can still change their mind. */
export function isCancellable(status: WithdrawalStatus): boolean {
  return canMove(status, "CANCELLED");
}

/** Open: its money has not left, and it may still take more from the account. */
export const OPEN_STATUSES: WithdrawalStatus[] = ["AWAITING_APPROVAL", "REQUESTED", "SELLING", "SETTLING"];

export interface OpenWithdrawal {
  requestedAmount: bigint | null;
  everything: boolean;
  heldAmount: bigint;
}

/** Cents `available` to a new withdrawal (never negative). `debt` is what the investor owes (≥ 0). */
export function availableToWithdraw(input: { cashAndSellable: bigint; debt: bigint; open: OpenWithdrawal[] }): bigint {
  if (input.open.some((w) => w.everything)) return 0n;
  const pending = input.open.reduce((sum, w) => sum + pendingOf(w), 0n);
  const available = input.cashAndSellable - input.debt - pending;
  return available > 0n ? available : 0n;
}

/** What an open withdrawal still needs beyond the cash it already holds. */
function pendingOf(w: OpenWithdrawal): bigint {
  const rest = (w.requestedAmount ?? 0n) - w.heldAmount;
  return rest > 0n ? rest : 0n;
}

const fix = (message: string) => new InvalidInput(message, { amount: message });

/** "everything", or dollars and cents above zero (no fraction of a cent). */
export function parseWithdrawalAmount(input: unknown): WithdrawalAmount {
  if (input === "everything") return "everything";
  const text = (typeof input === "number" ? String(input) : typeof input === "string" ? input : "").trim();
  if (/^-/.test(text)) throw fix("Enter an amount above $0.00.");
  if (/^\$?[\d,]*\.\d{3,}$/.test(text)) throw fix("Amounts are in whole cents: at most two digits after the point.");
  const amount = parseMoney(text);
  if (amount === null) throw fix("Enter an amount in dollars and cents, like 500 or 500.00, or choose everything.");
  if (amount <= 0n) throw fix("Enter an amount above $0.00.");
  return amount;
}

export function assertWithinAvailable(amount: WithdrawalAmount, available: bigint, currency: string): void {
  if (amount === "everything") {
    if (available <= 0n) throw fix("There is nothing available to withdraw.");
    return;
  }
  if (amount > available) throw fix(`You can withdraw up to ${formatMoney(available, currency)}.`);
}

export const NEW_BANK_DAYS = 7;
export const DEFAULT_APPROVAL_LIMIT = 2_500_000n; // $25,000.00

/**
 * Why a withdrawal waits for an advisor, or null: the first one to a bank linked less than seven days ago, or one
 * above the admin's limit ("everything" is measured by what is available).
 */
export function approvalReason(input: {
  amount: bigint;
  limit: bigint;
  bankLinkedAt: Date;
  earlierToThisBank: number;
  now: Date;
  currency: string;
}): string | null {
  const reasons: string[] = [];
  const ageMs = input.now.getTime() - input.bankLinkedAt.getTime();
  if (input.earlierToThisBank === 0 && ageMs < NEW_BANK_DAYS * 86_400_000) reasons.push(`the first withdrawal to a bank linked less than ${NEW_BANK_DAYS} days ago`);
  if (input.amount > input.limit) reasons.push(`above the ${formatMoney(input.limit, input.currency)} limit`);
  return reasons.length ? reasons.join("; ") : null;
}
