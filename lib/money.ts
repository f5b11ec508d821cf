/**
 * Money is an integer number of minor units (cents) in a bigint, with its ISO currency. Never a float.
 * Amounts cross the boundary as decimal strings ("500.00") and are parsed here, exactly.
 */
export interface Money {
  amount: bigint;
  currency: string;
}

const MINOR_DIGITS: Record<string, number> = { USD: 2 };

export function minorDigits(currency: string): number {
  const digits = MINOR_DIGITS[currency];
  if (digits === undefined) throw new Error(`Unsupported currency ${currency}`);
  return digits;
}

/**
 * Parses "1,234.5" or "1234.50" into minor units. Returns null for anything that is not a plain
 * non-negative decimal with at most the currency's minor digits (no exponents, no fractional cents).
 */
export function parseMoney(input: string, currency = "USD"): bigint | null {
  const digits = minorDigits(currency);
  const text = input.trim().replace(/^\$/, "").replace(/,(?=\d{3}(\D|$))/g, "");
  const match = /^(\d{1,15})(?:\.(\d*))?$/.exec(text);
  if (!match) return null;
  const [, whole, fraction = ""] = match;
  if (fraction.length > digits) return null;
  return BigInt(whole!) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, "0") || "0");
}

/** "$1,234.56"; negative amounts as "-$1,234.56". */
export function formatMoney(amount: bigint, currency = "USD"): string {
  const digits = minorDigits(currency);
  const negative = amount < 0n;
  const absolute = negative ? -amount : amount;
  const scale = 10n ** BigInt(digits);
  const whole = (absolute / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = (absolute % scale).toString().padStart(digits, "0");
  const symbol = currency === "USD" ? "$" : `${currency} `;
  return `${negative ? "-" : ""}${symbol}${whole}${digits ? `.${fraction}` : ""}`;
}

/** "-123.45" for -12345n: the exact decimal string APIs and CSV files carry (no symbol, no separators). */
export function toDecimalString(amount: bigint, currency = "USD"): string {
  const digits = minorDigits(currency);
  const negative = amount < 0n;
  const absolute = negative ? -amount : amount;
  const scale = 10n ** BigInt(digits);
  const fraction = digits ? `.${(absolute % scale).toString().padStart(digits, "0")}` : "";
  return `${negative ? "-" : ""}${absolute / scale}${fraction}`;
}
