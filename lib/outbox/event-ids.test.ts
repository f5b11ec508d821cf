import { describe, expect, it } from "vitest";
import { uuidv7Series } from "./event-ids";

describe("uuid v7 ids for outbox rows written in bulk", () => {
  it("carry the time, version 7 and the RFC 9562 variant, and sort in the order they were made", () => {
    const ids = uuidv7Series(5_000, Date.parse("2026-12-01T10:00:00.000Z"));
    // 2026-12-01T10:00:00.000Z is 0x01a2310c0100 ms; 5,000 ids run past the 12-bit counter into the next milliseconds.
    for (const id of ids) expect(id).toMatch(/^01a2310c-010[0-3]-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(5_000);
  });
});
