import { describe, expect, it } from "vitest";
import { signedPercent } from "./summary";

describe("signedPercent", () => {
  it("signs and rounds a change against its base, exactly", () => {
    expect(signedPercent(5_000n, 100_000n)).toBe("+5.00%");
    expect(signedPercent(-1_234n, 100_000n)).toBe("-1.23%");
    expect(signedPercent(1n, 3n)).toBe("+33.33%");
    expect(signedPercent(0n, 100n)).toBe("+0.00%");
  });

  it("has nothing to say without a base", () => {
    expect(signedPercent(100n, 0n)).toBeNull();
  });
});
