/**
 * Fee schedules, pure (docs/fees.md): annual rates in bands of household balance, charged marginally (each band's
 * rate on the part of the balance inside the band, as income tax is), so a dollar more never costs more than that
 * dollar's own band and crossing a boundary never changes the fee on the money below it.
 */
import Decimal from "decimal.js";

/** A band: `annualRate` (0.0025 = 0.25 % a year) applies to the balance from `from` cents up to the next band's `from`. */
export interface FeeTier {
  from: bigint;
  annualRate: Decimal;
}

export const DEFAULT_ANNUAL_RATE = new Decimal("0.0025");
/** The highest annual rate a schedule may charge (2 %): a typo of 25 for 0.25 is refused at the door. */
export const MAX_ANNUAL_RATE = new Decimal("0.02");

/** Checks a schedule's bands: the first starts at $0, they rise strictly, and each rate is within 0–2 %. */
export function validTiers(tiers: FeeTier[]): string | null {
  if (tiers.length === 0) return "A schedule needs at least one band.";
  if (tiers[0]!.from !== 0n) return "The first band starts at $0.";
  for (let i = 0; i < tiers.length; i++) {
    const tier = tiers[i]!;
    if (tier.annualRate.isNegative() || tier.annualRate.greaterThan(MAX_ANNUAL_RATE)) return "Each rate is between 0 % and 2 % a year.";
    if (tier.annualRate.decimalPlaces() > 6) return "Rates have at most four decimals in percent (e.g. 0.2500 %).";
    if (i > 0 && tier.from <= tiers[i - 1]!.from) return "Each band starts above the one before it.";
  }
  return null;
}

/** What a year at `balance` cents would cost, in cents (exact: no rounding here). */
export function annualFeeOf(tiers: FeeTier[], balance: bigint): Decimal {
  if (balance <= 0n) return new Decimal(0);
  let fee = new Decimal(0);
  for (let i = 0; i < tiers.length; i++) {
    const from = tiers[i]!.from;
    if (balance <= from) break;
    const upTo = tiers[i + 1]?.from;
    const top = upTo !== undefined && upTo < balance ? upTo : balance;
    fee = fee.plus(tiers[i]!.annualRate.times((top - from).toString()));
  }
  return fee;
}

/**
 * The annual fee an account's value costs when the bands are decided by its household's balance: the household's
 * fee shared out by value (an account holding all of the household's money pays the household's fee exactly).
 * The annual fee is kept to 10 decimals of a cent.
 */
export function accountAnnualFee(tiers: FeeTier[], accountValue: bigint, householdValue: bigint): Decimal {
  if (accountValue <= 0n || householdValue <= 0n) return new Decimal(0);
  if (accountValue >= householdValue) return annualFeeOf(tiers, accountValue);
  return annualFeeOf(tiers, householdValue)
    .times(accountValue.toString())
    .dividedBy(householdValue.toString())
    .toDecimalPlaces(10, Decimal.ROUND_DOWN);
}

/** The blended annual rate a balance pays (fee ÷ balance), for showing "your rate". */
export function blendedRate(tiers: FeeTier[], balance: bigint): Decimal {
  if (balance <= 0n) return tiers[0]?.annualRate ?? new Decimal(0);
  return annualFeeOf(tiers, balance).dividedBy(balance.toString());
}

/** The band a balance's last dollar falls in (index into `tiers`). */
export function tierOf(tiers: FeeTier[], balance: bigint): number {
  let index = 0;
  for (let i = 0; i < tiers.length; i++) if (balance > tiers[i]!.from || i === 0) index = i;
  return index;
}
