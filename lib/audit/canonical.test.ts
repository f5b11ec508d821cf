import { describe, expect, it } from "vitest";
import { canonicalJson, GENESIS_HASH, sealHash, sealText, unkeyedSealHash, type SealedContent } from "./canonical";

const record: SealedContent = {
  id: 7n,
  at: new Date("2026-01-02T03:04:05.006Z"),
  actorId: null,
  action: "USER_SIGNED_IN",
  targetType: null,
  targetId: null,
  ip: "203.0.113.10",
  userAgent: "curl/8",
  details: { b: ["x", { d: true, c: null }], a: 1 },
};

describe("the audit chain's canonical form", () => {
  it("sorts keys at every depth, keeps array order and writes no whitespace", () => {
    expect(canonicalJson({ z: 1, a: { y: "é\n", b: [3, 1, 2] }, "": 0.5 })).toBe('{"":0.5,"a":{"b":[3,1,2],"y":"é\\n"},"z":1}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
  });

  it("writes the record, the previous hash and the key's id as one sorted object", () => {
    expect(sealText(record, GENESIS_HASH, "k1")).toBe(
      `{"action":"USER_SIGNED_IN","actorId":null,"at":"2026-01-02T03:04:05.006Z","details":{"a":1,"b":["x",{"c":null,"d":true}]},"id":"7",` +
        `"ip":"203.0.113.10","keyId":"k1","prevHash":"${"0".repeat(64)}","targetId":null,"targetType":null,"userAgent":"curl/8"}`,
    );
    // The chain sealed before it was keyed: the same object without the key's id.
    expect(sealText(record, GENESIS_HASH, null)).toBe(sealText(record, GENESIS_HASH, "k1").replace(`"keyId":"k1",`, ""));
  });

  /** 32 bytes 00 01 … 1f. */
  const key = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
  const k1 = { keyId: "k1", key };

  it("seals that text with HMAC-SHA-256 under the key (checked with openssl dgst -mac HMAC), and any change of content, link or key changes it", () => {
    const hash = sealHash(record, GENESIS_HASH, k1);
    expect(hash).toBe("7cb8d3beb46228b6dc746e20b67843e89b393c14fc7619e2b8e41c690f0840bf");
    expect(sealHash({ ...record, details: { a: 1, b: ["x", { c: null, d: true }] } }, GENESIS_HASH, k1)).toBe(hash);
    expect(sealHash({ ...record, details: { a: 2, b: ["x", { c: null, d: true }] } }, GENESIS_HASH, k1)).not.toBe(hash);
    expect(sealHash({ ...record, ip: null }, GENESIS_HASH, k1)).not.toBe(hash);
    expect(sealHash(record, "1".repeat(64), k1)).not.toBe(hash);
    expect(sealHash(record, GENESIS_HASH, { keyId: "k1", key: Buffer.alloc(32, 1) })).not.toBe(hash);
    expect(sealHash(record, GENESIS_HASH, { keyId: "k2", key })).not.toBe(hash);
  });

  it("checks the unkeyed chain's seals as they were made: plain SHA-256 (checked with sha256sum)", () => {
    expect(unkeyedSealHash(record, GENESIS_HASH)).toBe("2a8352d32569252e21c1f11db60ce22e0c8896c65f196d1afa66227dc55729ee");
  });
});
