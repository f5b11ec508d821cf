import { describe, expect, it } from "vitest";
import { exceedsCapacity, riskLevelOf } from "./risk-capacity";

describe("exceedsCapacity", () => {
  it("allows the recommended model, any more cautious one, and one rung bolder", () => {
    expect(exceedsCapacity("balanced", "balanced")).toBe(false);
    expect(exceedsCapacity("balanced", "conservative")).toBe(false);
    expect(exceedsCapacity("balanced", "moderately-conservative")).toBe(false);
    expect(exceedsCapacity("balanced", "growth")).toBe(false);
  });

  it("refuses two rungs or more above the recommendation", () => {
    expect(exceedsCapacity("balanced", "aggressive")).toBe(true);
    expect(exceedsCapacity("conservative", "balanced")).toBe(true);
    expect(exceedsCapacity("conservative", "aggressive")).toBe(true);
  });

  it("lets the boldest investor choose anything", () => {
    for (const slug of ["conservative", "moderately-conservative", "balanced", "growth", "aggressive"]) expect(exceedsCapacity("aggressive", slug)).toBe(false);
  });

  it("treats a model it does not know as beyond capacity", () => {
    expect(exceedsCapacity("balanced", "crypto-moonshot")).toBe(true);
    expect(exceedsCapacity("unknown", "conservative")).toBe(true);
  });

  it("names the level on the ladder", () => {
    expect(riskLevelOf("conservative")).toEqual({ level: 1, of: 5 });
    expect(riskLevelOf("growth")).toEqual({ level: 4, of: 5 });
    expect(riskLevelOf("nope")).toBeNull();
  });
});
