import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { CANDIDATE_RATIOS, formatRatio, splitLikeGaps, splitSuspicion } from "./split-detection";

const d = (n: string | number) => new Decimal(n);
const suspicion = (previous: string, next: string) => {
  const ratio = splitSuspicion(d(previous), d(next));
  return ratio && formatRatio(ratio);
};

describe("splitSuspicion", () => {
  it("recognises splits of any small ratio, forward and reverse", () => {
    expect(suspicion("90", "45.1")).toBe("2:1");
    expect(suspicion("90", "30.2")).toBe("3:1");
    expect(suspicion("90", "60.3")).toBe("3:2"); // 90 × 2/3 = 60
    expect(suspicion("90", "67.2")).toBe("4:3"); // 90 × 3/4 = 67.5
    expect(suspicion("90", "72.4")).toBe("5:4"); // 90 × 4/5 = 72
    expect(suspicion("4.5", "45.3")).toBe("1:10");
    expect(suspicion("20", "40.2")).toBe("1:2");
    expect(suspicion("100", "20.1")).toBe("5:1");
  });

  it("lets ordinary and large real market moves through", () => {
    expect(suspicion("100", "97")).toBeNull();
    expect(suspicion("100", "121.61")).toBeNull(); // XLF 2008-09-19 opened at 1.2161×
    // XLE 2020-03-09: the oil crash opened at 35.07 after a 42.50 close, 0.8252× (3.2% from 4:5).
    expect(suspicion("42.5", "35.07")).toBeNull();
    // XLF 2016-09-19: the real-estate spin-off opened at 19.35 after 23.62, 0.8192× (2.4% from 4:5).
    expect(suspicion("23.62", "19.35")).toBeNull();
  });

  it("holds any move beyond the wide band, with the nearest ratio as the guess", () => {
    expect(suspicion("100", "51.3")).toBe("2:1"); // 2.6% from 1:2, but a fall of half is never a market move here
    expect(suspicion("100", "150")).toBe("2:3");
    expect(suspicion("100", "44")).toBe("9:4"); // 0.44× is within 1% of 4/9
  });

  it("judges the move after a recorded split", () => {
    expect(splitSuspicion(d("90"), d("60.3"), { toShares: 3, fromShares: 2 })).toBeNull();
    expect(splitSuspicion(d("90"), d("60.3"), { toShares: 2, fromShares: 1 })).not.toBeNull(); // 60.3 vs 45 is a 1.34× jump
  });

  it("offers only reduced ratios of at least 5:4, terms up to 20, simplest first", () => {
    expect(CANDIDATE_RATIOS.slice(0, 4).map(formatRatio)).toEqual(["1:2", "2:1", "1:3", "3:1"]);
    expect(CANDIDATE_RATIOS.map(formatRatio)).toEqual(expect.arrayContaining(["3:2", "4:3", "5:4", "1:10", "20:1", "4:5"]));
    expect(CANDIDATE_RATIOS.map(formatRatio)).not.toContain("6:5");
    expect(CANDIDATE_RATIOS.map(formatRatio)).not.toContain("4:2");
  });
});

describe("splitLikeGaps", () => {
  it("judges the open against the previous close (QQQ's 2000 2:1 split closed 2.8% away from its ratio)", () => {
    const bars = [
      { date: "2000-03-17", open: d("216"), close: d("221.6") },
      { date: "2000-03-20", open: d("111"), close: d("107.7") },
      { date: "2000-03-21", open: d("106.1"), close: d("111.8") },
    ];
    expect(splitLikeGaps(bars)).toEqual([
      { date: "2000-03-20", previousDate: "2000-03-17", previousClose: d("221.6"), open: d("111"), close: d("107.7"), ratio: { toShares: 2, fromShares: 1 } },
    ]);
  });

  it("judges a gap after a split recorded for its day: the right ratio explains it, a wrong one does not", () => {
    const bars = [
      { date: "2008-06-17", open: d("137.42"), close: d("136") },
      { date: "2008-06-18", open: d("67.8"), close: d("67.5") }, // VTI's real 2:1
    ];
    expect(splitLikeGaps(bars, new Map([["2008-06-18", { toShares: 2, fromShares: 1 }]]))).toEqual([]);
    // Recorded as 3:1 by mistake: 67.80 against 136 / 3 = 45.33 is a 1.50× jump, held again (as a 2:3 move).
    expect(splitLikeGaps(bars, new Map([["2008-06-18", { toShares: 3, fromShares: 1 }]])).map((g) => g.ratio)).toEqual([{ toShares: 2, fromShares: 3 }]);
  });
});
