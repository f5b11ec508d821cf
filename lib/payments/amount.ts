import { InvalidInput } from "../errors";
import { formatMoney, parseMoney } from "../money";

export const MIN_DEPOSIT = 1_000n; // $10.00
export const MAX_DEPOSIT = 10_000_000n; // $100,000.00

/** A deposit amount from a form or API: dollars and cents, between $10 and $100,000. */
export function parseDepositAmount(input: unknown, field = "amount"): bigint {
  const text = typeof input === "number" ? String(input) : typeof input === "string" ? input : "";
  const amount = parseMoney(text);
  if (amount === null) {
    throw new InvalidInput("Please correct the highlighted fields.", {
      [field]: "Enter an amount in dollars and cents, like 500 or 500.00.",
    });
  }
  if (amount < MIN_DEPOSIT || amount > MAX_DEPOSIT) {
    throw new InvalidInput("Please correct the highlighted fields.", {
      [field]: `Deposits are between ${formatMoney(MIN_DEPOSIT)} and ${formatMoney(MAX_DEPOSIT)}.`,
    });
  }
  return amount;
}
