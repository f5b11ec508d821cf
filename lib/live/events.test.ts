import { describe, expect, it } from "vitest";
import { deliveryFor, parseNotice, type LiveViewer } from "./events";

const HANA = "0190a000-0000-7000-8000-000000000001";
const SAM = "0190a000-0000-7000-8000-000000000002";
const ADVISOR = "0190a000-0000-7000-8000-000000000003";
const ACCOUNT = "0190a000-0000-7000-8000-0000000000aa";
const SESSION = "0190a000-0000-7000-8000-0000000000b1";
const OTHER_SESSION = "0190a000-0000-7000-8000-0000000000b2";

const hana: LiveViewer = { userId: HANA, role: "INVESTOR", sessionId: SESSION };
const sam: LiveViewer = { userId: SAM, role: "INVESTOR", sessionId: OTHER_SESSION };
const advisor: LiveViewer = { userId: ADVISOR, role: "ADVISOR", sessionId: OTHER_SESSION };
const otherAdvisor: LiveViewer = { userId: "0190a000-0000-7000-8000-000000000004", role: "ADVISOR", sessionId: OTHER_SESSION };
const admin: LiveViewer = { userId: "0190a000-0000-7000-8000-000000000005", role: "ADMIN", sessionId: OTHER_SESSION };

describe("deliveryFor", () => {
  it("sends a price sync to everyone", () => {
    const notice = { type: "prices", asOf: "2026-12-02T14:00:00.000Z" } as const;
    for (const viewer of [hana, sam, advisor]) expect(deliveryFor(notice, viewer)).toEqual({ event: "prices", data: { asOf: notice.asOf } });
  });

  it("sends an account change to its owner, a content-free book event to admins and the owner's advisor, and nothing to anyone else", () => {
    const fill = { type: "account", kind: "fill", userId: HANA, accountId: ACCOUNT, advisorId: ADVISOR } as const;
    expect(deliveryFor(fill, hana)).toEqual({ event: "account", data: { kind: "fill", accountId: ACCOUNT } });
    expect(deliveryFor(fill, sam)).toBeNull();
    expect(deliveryFor(fill, advisor)).toEqual({ event: "book", data: { kind: "fill" } });
    expect(deliveryFor(fill, admin)).toEqual({ event: "book", data: { kind: "fill" } });
    expect(deliveryFor(fill, otherAdvisor)).toBeNull();
    // A client with no advisor yet: admins only.
    const unassigned = { type: "account", kind: "deposit", userId: HANA, accountId: ACCOUNT } as const;
    expect(deliveryFor(unassigned, admin)).toEqual({ event: "book", data: { kind: "deposit" } });
    expect(deliveryFor(unassigned, advisor)).toBeNull();
  });

  it("asks the ended session's stream to check itself, and every stream of the user when no session is named", () => {
    expect(deliveryFor({ type: "session-ended", userId: HANA, sessionId: SESSION }, hana)).toBe("recheck");
    expect(deliveryFor({ type: "session-ended", userId: HANA, sessionId: OTHER_SESSION }, hana)).toBeNull();
    expect(deliveryFor({ type: "session-ended", userId: HANA }, hana)).toBe("recheck");
    expect(deliveryFor({ type: "session-ended", userId: HANA }, sam)).toBeNull();
  });

  it("passes a resync on to everyone", () => {
    expect(deliveryFor({ type: "resync" }, sam)).toEqual({ event: "resync", data: {} });
  });
});

describe("parseNotice", () => {
  it("reads back what notifyLive and notifyAccountChanged publish", () => {
    expect(parseNotice(JSON.stringify({ type: "prices", asOf: "2026-12-02T14:00:00.000Z" }))).toEqual({ type: "prices", asOf: "2026-12-02T14:00:00.000Z" });
    expect(parseNotice(JSON.stringify({ type: "account", kind: "deposit", userId: HANA, accountId: ACCOUNT }))).toEqual({ type: "account", kind: "deposit", userId: HANA, accountId: ACCOUNT });
    expect(parseNotice(JSON.stringify({ type: "account", kind: "fill", userId: HANA, accountId: ACCOUNT, advisorId: ADVISOR }))).toEqual({
      type: "account",
      kind: "fill",
      userId: HANA,
      accountId: ACCOUNT,
      advisorId: ADVISOR,
    });
    expect(parseNotice(JSON.stringify({ type: "session-ended", userId: HANA }))).toEqual({ type: "session-ended", userId: HANA });
  });

  it("drops anything malformed rather than guessing", () => {
    expect(parseNotice("not json")).toBeNull();
    expect(parseNotice("null")).toBeNull();
    expect(parseNotice(JSON.stringify({ type: "account", kind: "gift", userId: HANA, accountId: ACCOUNT }))).toBeNull();
    expect(parseNotice(JSON.stringify({ type: "account", kind: "fill", userId: "someone", accountId: ACCOUNT }))).toBeNull();
    expect(parseNotice(JSON.stringify({ type: "session-ended", userId: HANA, sessionId: 7 }))).toBeNull();
    expect(parseNotice(JSON.stringify({ type: "account", kind: "fill", userId: HANA, accountId: ACCOUNT, advisorId: "everyone" }))).toBeNull();
  });
});
