import { env } from "../env";
import { parseKeyRing, type KeyRing } from "../key-ring";

let ring: { source: string; value: KeyRing } | undefined;

/** The audit chain's key ring (AUDIT_CHAIN_KEYS, validated at start-up by lib/env.ts). */
export function auditChainKeyRing(): KeyRing {
  const source = env().AUDIT_CHAIN_KEYS;
  if (ring?.source !== source) ring = { source, value: parseKeyRing(source) };
  return ring.value;
}
