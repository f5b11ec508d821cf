import { describe, expect, it } from "vitest";
import { kycInput } from "./profile";
import { isUsRegion, US_REGIONS } from "./us-states";

const DETAILS = { legalName: "Ada Lovelace", dateOfBirth: "1980-12-10", taxId: "219-09-9999", addressLine1: "1 Main St", city: "Springfield", postalCode: "62701" };
const regionError = (region: string) => {
  const parsed = kycInput.safeParse({ ...DETAILS, region });
  return parsed.success ? null : parsed.error.issues.find((issue) => issue.path[0] === "region")?.message;
};

describe("US states and territories", () => {
  it("lists the 50 states, DC and the 5 inhabited territories, once each", () => {
    expect(US_REGIONS).toHaveLength(56);
    expect(new Set(US_REGIONS.map(([code]) => code)).size).toBe(56);
    expect(US_REGIONS.filter(([code]) => ["DC", "AS", "GU", "MP", "PR", "VI"].includes(code))).toHaveLength(6);
  });

  it("accepts only those codes, in any case", () => {
    expect(isUsRegion("NY")).toBe(true);
    expect(isUsRegion("ZZ")).toBe(false);
    expect(regionError("tx")).toBeNull();
    expect(regionError(" PR ")).toBeNull();
    for (const bad of ["ZZ", "XX", "AA", "Texas", "", "N"]) expect(regionError(bad)).toBe("Choose your state from the list.");
  });
});
