import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { allocationByClass } from "./allocation";

const plain = (rows: ReturnType<typeof allocationByClass>) =>
  rows.map((row) => [row.assetClass, row.actual.toFixed(4), row.target.toFixed(4), row.difference.toFixed(4)]);

describe("allocation by asset class", () => {
  it("sums holdings and targets per class, and gives the difference", () => {
    // $600 + $150 of US stocks, $250 of bonds: 75% / 25% of $1,000 against a 60 / 40 target.
    const rows = allocationByClass(
      [
        { assetClass: "US_STOCKS", value: 60_000n },
        { assetClass: "US_STOCKS", value: 15_000n },
        { assetClass: "US_BONDS", value: 25_000n },
      ],
      [
        { assetClass: "US_STOCKS", weight: new Decimal("0.45") },
        { assetClass: "US_STOCKS", weight: new Decimal("0.15") },
        { assetClass: "US_BONDS", weight: new Decimal("0.4") },
      ],
    );
    expect(plain(rows)).toEqual([
      ["US_STOCKS", "0.7500", "0.6000", "0.1500"],
      ["US_BONDS", "0.2500", "0.4000", "-0.1500"],
    ]);
  });

  it("shows a class the model wants but nothing holds yet, and a holding of no known class", () => {
    const rows = allocationByClass([{ assetClass: null, value: 1_000n }], [{ assetClass: "GOLD", weight: new Decimal("1") }]);
    expect(plain(rows)).toEqual([
      ["GOLD", "0.0000", "1.0000", "-1.0000"],
      ["OTHER", "1.0000", "0.0000", "1.0000"],
    ]);
  });

  it("is all zero actual with nothing invested", () => {
    expect(plain(allocationByClass([], [{ assetClass: "US_BONDS", weight: new Decimal("1") }]))).toEqual([["US_BONDS", "0.0000", "1.0000", "-1.0000"]]);
  });
});
