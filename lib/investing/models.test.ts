import { describe, expect, it } from "vitest";
import { InvalidInput } from "../errors";
import { parseModelEdit, percentText } from "./models";

const ASSETS = ["VTI", "VEA", "BND", "GLD"];

/** The edit's error, or null when it was accepted. */
function refusal(weights: Record<string, string>, driftBand = "3"): InvalidInput | null {
  try {
    parseModelEdit({ baseVersion: "1", weights, driftBand }, ASSETS);
    return null;
  } catch (error) {
    if (error instanceof InvalidInput) return error;
    throw error;
  }
}

describe("checking a model edit", () => {
  it("accepts thirds to four decimals that add up to exactly 100%, stored as six-place fractions", () => {
    const edit = parseModelEdit({ baseVersion: "2", weights: { VTI: "33.3333", VEA: "33.3333", BND: "33.3334", GLD: "" }, driftBand: "2.5" }, ASSETS);
    expect(edit.baseVersion).toBe(2);
    expect([...edit.weights].map(([symbol, weight]) => [symbol, weight.toFixed(6)])).toEqual([
      ["BND", "0.333334"],
      ["VEA", "0.333333"],
      ["VTI", "0.333333"],
    ]);
    expect(edit.driftBand.toFixed(4)).toBe("0.0250");
  });

  it("refuses weights that add up to 99.99%, saying so (floats would say 99.99000000000001)", () => {
    const error = refusal({ VTI: "60", BND: "39.99" });
    expect(error?.message).toBe("Weights add up to 99.99%; they must add up to exactly 100%.");
  });

  it("refuses weights that add up to 100.0001%: no rounding to a nearby 100", () => {
    expect(refusal({ VTI: "60.0001", BND: "40" })?.message).toBe("Weights add up to 100.0001%; they must add up to exactly 100%.");
  });

  it("refuses an asset that is not known and active", () => {
    const error = refusal({ VTI: "50", BND: "40", DOGE: "10" });
    expect(error?.message).toBe("Only known, active assets can be in a model: DOGE is not.");
    expect(error?.fields).toEqual({ "weights.DOGE": "Only known, active assets can be in a model: DOGE is not." });
  });

  it("refuses a negative weight, one over 100%, a fifth decimal and text, each next to its field", () => {
    expect(refusal({ VTI: "110", BND: "-10" })?.fields).toEqual({
      "weights.BND": "A weight cannot be negative.",
      "weights.VTI": "A weight cannot be more than 100%.",
    });
    expect(refusal({ VTI: "50.00001", BND: "49.99999" })?.fields).toEqual({
      "weights.BND": "Use at most 4 decimal places.",
      "weights.VTI": "Use at most 4 decimal places.",
    });
    expect(refusal({ VTI: "1e2", BND: "0x10", GLD: "12,5" })?.fields).toEqual({
      "weights.BND": "Enter a percentage, e.g. 12.5.",
      "weights.GLD": "Enter a percentage, e.g. 12.5.",
      "weights.VTI": "Enter a percentage, e.g. 12.5.",
    });
  });

  it("needs at least two assets", () => {
    expect(refusal({ VTI: "100", BND: "0", GLD: "" })?.message).toBe("A model needs at least two assets.");
  });

  it("keeps the drift band between 1% and 10%, to two decimals", () => {
    const weights = { VTI: "50", BND: "50" };
    expect(refusal(weights, "1")).toBeNull();
    expect(refusal(weights, "10")).toBeNull();
    expect(refusal(weights, "0.99")?.fields).toEqual({ driftBand: "The drift band must be between 1% and 10%." });
    expect(refusal(weights, "10.01")?.fields).toEqual({ driftBand: "The drift band must be between 1% and 10%." });
    expect(refusal(weights, "-3")?.fields).toEqual({ driftBand: "The drift band must be between 1% and 10%." });
    expect(refusal(weights, "2.505")?.fields).toEqual({ driftBand: "Use at most 2 decimal places." });
    expect(refusal(weights, " ")?.fields).toEqual({ driftBand: "Enter the drift band." });
  });

  it("shows fractions as the percentages people typed", () => {
    const edit = parseModelEdit({ baseVersion: "1", weights: { VTI: "35", BND: "65.0" }, driftBand: "3" }, ASSETS);
    expect([...edit.weights.values()].map(percentText)).toEqual(["65", "35"]);
  });
});
