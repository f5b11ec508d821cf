/**
 * The chain's latest seal as operators keep it outside the database (docs/audit.md): JSON that names the seal's
 * place in the chain, the record it seals, its hash and key. Verification given one confirms the chain still
 * holds that seal unchanged, which a chain rewritten and re-sealed by someone holding the key does not.
 */
import { z } from "zod";
import { InvalidInput } from "../errors";
import { SEAL_ALGORITHM } from "./canonical";

export interface ExportedSeal {
  seq: bigint;
  auditId: bigint;
  hash: string;
  keyId: string;
  sealedAt: Date;
  algorithm: typeof SEAL_ALGORITHM;
}

/** The seal as JSON: `seq` and `auditId` as decimal strings (JSON numbers lose precision past 2^53). */
export function exportedSealJson(seal: ExportedSeal): string {
  return `${JSON.stringify(
    { seq: seal.seq.toString(), auditId: seal.auditId.toString(), hash: seal.hash, keyId: seal.keyId, sealedAt: seal.sealedAt.toISOString(), algorithm: seal.algorithm },
    null,
    2,
  )}\n`;
}

const counter = z.union([z.string().regex(/^[1-9]\d{0,18}$/), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)]).transform((value) => BigInt(value));

const exportedSeal = z.object({
  seq: counter,
  auditId: counter,
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  keyId: z.string().min(1).max(32),
  sealedAt: z.iso.datetime().transform((value) => new Date(value)),
  algorithm: z.literal(SEAL_ALGORITHM),
});

/** Reads an exported seal as pasted back; InvalidInput (field `anchor`) says what is wrong with it. */
export function parseExportedSeal(text: string): ExportedSeal {
  const refuse = (why: string) => new InvalidInput(`That is not an exported seal: ${why}.`, { anchor: `That is not an exported seal: ${why}.` });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw refuse("it is not JSON");
  }
  const result = exportedSeal.safeParse(value);
  if (!result.success) throw refuse(`${result.error.issues[0]!.path.join(".") || "the whole"} is missing or malformed`);
  return result.data;
}
