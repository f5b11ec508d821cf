import { describe, expect, it } from "vitest";
import { canonicalJson, GENESIS_HASH, sealHash, sealText, type SealedContent } from "./canonical";

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

  it("writes the record and the previous hash as one sorted object", () => {
    expect(sealText(record, GENESIS_HASH)).toBe(
      `{"action":"USER_SIGNED_IN","actorId":null,"at":"2026-01-02T03:04:05.006Z","details":{"a":1,"b":["x",{"c":null,"d":true}]},"id":"7",` +
        `"ip":"203.0.113.10","prevHash":"${"0".repeat(64)}","targetId":null,"targetType":null,"userAgent":"curl/8"}`,
    );
  });

  it("hashes that text with SHA-256 (checked with sha256sum), and any change of content or link changes the hash", () => {
    const hash = sealHash(record, GENESIS_HASH);
    expect(hash).toBe("2a8352d32569252e21c1f11db60ce22e0c8896c65f196d1afa66227dc55729ee");
    expect(sealHash({ ...record, details: { a: 1, b: ["x", { c: null, d: true }] } }, GENESIS_HASH)).toBe(hash);
    expect(sealHash({ ...record, details: { a: 2, b: ["x", { c: null, d: true }] } }, GENESIS_HASH)).not.toBe(hash);
    expect(sealHash({ ...record, ip: null }, GENESIS_HASH)).not.toBe(hash);
    expect(sealHash(record, "1".repeat(64))).not.toBe(hash);
  });
});
