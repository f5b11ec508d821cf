/**
 * Authenticator apps (RFC 6238 TOTP: HMAC-SHA1, 6 digits, 30-second steps), through `otpauth`. A code is accepted
 * for the current step and one step either side (clock drift), and only for a step later than the last one
 * accepted for the factor, so no code, however fresh, is ever accepted twice.
 */
import { Secret, TOTP } from "otpauth";

export const TOTP_PERIOD_SECONDS = 30;
const TOTP_DIGITS = 6;
/** Steps either side of now that still count (a phone's clock a little off, a code typed as it turned over). */
const TOTP_WINDOW = 1;

/** A new random 160-bit secret (RFC 4226's recommended length), in base32 as apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpOf(secretBase32: string, account = ""): TOTP {
  return new TOTP({
    issuer: "Autovest",
    label: account,
    algorithm: "SHA1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** The otpauth:// URI an app scans (as a QR code) to add the account. */
export function totpUri(secretBase32: string, account: string): string {
  return totpOf(secretBase32, account).toString();
}

/** The code an app shows at `at` (for the development helper `npm run demo:code` and tests). */
export function totpCodeAt(secretBase32: string, at: Date): string {
  return totpOf(secretBase32).generate({ timestamp: at.getTime() });
}

/**
 * The time step `code` belongs to, if it is right for `at` (± one step) and later than `lastAcceptedStep`;
 * null otherwise. The caller records the step it returns as the factor's last accepted one.
 */
export function acceptedTotpStep(secretBase32: string, code: string, at: Date, lastAcceptedStep: bigint | null): bigint | null {
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpOf(secretBase32).validate({ token, timestamp: at.getTime(), window: TOTP_WINDOW });
  if (delta === null) return null;
  const step = BigInt(Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta);
  return lastAcceptedStep !== null && step <= lastAcceptedStep ? null : step;
}
