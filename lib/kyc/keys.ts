import { env } from "../env";
import { parseKeyRing, type KeyRing } from "../key-ring";

let ring: { source: string; value: KeyRing } | undefined;

/** The configured key ring (KYC_ENCRYPTION_KEYS, validated at start-up by lib/env.ts). */
export function kycKeyRing(): KeyRing {
  const source = env().KYC_ENCRYPTION_KEYS;
  if (ring?.source !== source) ring = { source, value: parseKeyRing(source) };
  return ring.value;
}
