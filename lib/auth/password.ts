import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

// OWASP's recommended argon2id parameters (19 MiB, 2 passes, 1 lane).
const ARGON2_OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// About 30,000 passwords most often seen in breaches (the zxcvbn project's list).
const COMMON_PASSWORDS = new Set((dictionary["passwords-common"] as string[]).map((word) => word.toLowerCase()));

/** Why a password is not acceptable, in words for the person choosing it; null when it is fine. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  if (isCommon(password)) return "This password is too common. Choose one that is harder to guess.";
  const localPart = email?.split("@")[0]?.toLowerCase() ?? "";
  if (localPart.length >= 4 && password.toLowerCase().includes(localPart))
    return "Do not use your email address in your password.";
  return null;
}

/** A listed password, one with digits or symbols stuck on either end ("Password2024!"), or one repeated character. */
function isCommon(password: string): boolean {
  const lowered = password.toLowerCase();
  const core = lowered.replace(/^[\d\W_]+|[\d\W_]+$/g, "");
  return (
    COMMON_PASSWORDS.has(lowered) ||
    (core.length >= 4 && COMMON_PASSWORDS.has(core)) ||
    new Set(lowered).size <= 2
  );
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // malformed hash: never a match
  }
}

/** A real hash to verify against when the email is unknown, so both paths take the same time. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword("decoy password that matches no account");
  return decoyHash;
}
