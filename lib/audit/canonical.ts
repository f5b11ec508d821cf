/**
 * The audit chain's hash: pure, no I/O. A seal's hash commits to one audit record's content and to the seal
 * before it, so changing, removing or reordering any sealed record breaks every link after it. It is an
 * HMAC under a key from the environment (AUDIT_CHAIN_KEYS), so someone who can write the database but does
 * not hold the key cannot recompute it after changing a record.
 */
import { createHash, createHmac } from "node:crypto";

/** The MAC every seal is made with, as the exported seal names it. */
export const SEAL_ALGORITHM = "HMAC-SHA-256";

/** The development key: never accepted in production (see lib/env.ts). */
export const DEVELOPMENT_AUDIT_CHAIN_KEYS = `dev:${createHash("sha256").update("autovest-development-only-audit-chain-key").digest("base64")}`;

/** The previous hash of the chain's first seal. */
export const GENESIS_HASH = "0".repeat(64);

/** A value as PostgreSQL's jsonb gives it back (parsed from its text form). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What a seal commits to: every column of an AuditLog row. */
export interface SealedContent {
  id: bigint;
  at: Date;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: JsonValue;
}

/**
 * JSON with no insignificant whitespace and object keys sorted by UTF-16 code units (the JSON Canonicalization
 * Scheme, RFC 8785): strings and numbers are written as JSON.stringify writes them, arrays keep their order.
 * The same value gives the same text whatever order its keys were built or stored in.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error("JSON has no representation for non-finite numbers.");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  // Plain < compares UTF-16 code units, as RFC 8785 sorts (localeCompare would not).
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
}

/**
 * The text a seal hashes: the canonical JSON (above) of one object holding the record, the previous hash and
 * the id of the key that seals it, {"action","actorId","at","details","id","ip","keyId","prevHash","targetId",
 * "targetType","userAgent"} in that (sorted) order, where `id` is the record id as a decimal string, `at` its
 * time as ISO 8601 UTC with milliseconds (`2026-11-21T19:19:25.123Z`, the column's precision), `action` the
 * enum's name, absent values null, and `details` the stored JSON. For example:
 * {"action":"USER_SIGNED_IN","actorId":null,"at":"2026-01-02T03:04:05.006Z","details":{"a":1,"b":"x"},"id":"7",
 *  "ip":"203.0.113.10","keyId":"2026-12","prevHash":"000…000","targetId":null,"targetType":null,"userAgent":"curl/8"}
 * The chain sealed before it was keyed hashed the same object without `keyId` (`keyId` null here).
 * Details are read back from jsonb and parsed as JavaScript numbers, so integers beyond 2^53 are compared at
 * that precision: audit details write amounts as strings for this reason.
 */
export function sealText(record: SealedContent, prevHash: string, keyId: string | null): string {
  return canonicalJson({
    action: record.action,
    actorId: record.actorId,
    at: record.at.toISOString(),
    details: record.details,
    id: record.id.toString(),
    ip: record.ip,
    ...(keyId === null ? {} : { keyId }),
    prevHash,
    targetId: record.targetId,
    targetType: record.targetType,
    userAgent: record.userAgent,
  });
}

/** HMAC-SHA-256 under `key` (whose id is `keyId`), as 64 lowercase hex digits, of the seal text's UTF-8 bytes. */
export function sealHash(record: SealedContent, prevHash: string, seal: { keyId: string; key: Buffer }): string {
  return createHmac("sha256", seal.key).update(sealText(record, prevHash, seal.keyId), "utf8").digest("hex");
}

/** The hash of a seal made before the chain was keyed: plain SHA-256 of the seal text without a key id. */
export function unkeyedSealHash(record: SealedContent, prevHash: string): string {
  return createHash("sha256").update(sealText(record, prevHash, null), "utf8").digest("hex");
}
