import { describe, expect, it } from "vitest";
import { afterRefusal } from "./retry-schedule";

describe("when a refused outbox row is tried again", () => {
  it("waits 1, 2, 4 and 8 minutes after the first four refusals and parks it at the fifth", () => {
    const now = new Date("2026-12-01T09:00:00Z");
    expect([1, 2, 3, 4, 5].map((attempts) => afterRefusal(attempts, now))).toEqual([
      { retryAt: new Date("2026-12-01T09:01:00Z") },
      { retryAt: new Date("2026-12-01T09:02:00Z") },
      { retryAt: new Date("2026-12-01T09:04:00Z") },
      { retryAt: new Date("2026-12-01T09:08:00Z") },
      "park",
    ]);
  });
});
