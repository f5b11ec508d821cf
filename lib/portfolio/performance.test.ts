import { describe, expect, it } from "vitest";
import { thinned } from "./performance";

describe("thinned chart series", () => {
  it("keeps short series whole", () => {
    expect(thinned([1, 2, 3], 5)).toEqual([1, 2, 3]);
  });

  it("spaces long series evenly, keeping the first and last day", () => {
    const days = Array.from({ length: 1_256 }, (_, i) => i);
    const points = thinned(days, 320);
    expect(points).toHaveLength(320);
    expect(points[0]).toBe(0);
    expect(points.at(-1)).toBe(1_255);
    expect(new Set(points).size).toBe(320);
    expect(thinned([10, 20, 30, 40, 50], 3)).toEqual([10, 30, 50]);
  });
});
