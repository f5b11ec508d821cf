import { describe, expect, it } from "vitest";
import { choiceProblem, choiceRules, choiceStatus, riskLevelOf } from "./risk-capacity";

const BALANCED = { horizon: "6to10", goal: "balanced", drop: "hold", income: "stable", experience: "funds", need: "maybe", loss: "10to20" };

describe("choosing a portfolio other than the recommended one", () => {
  it("allows lower risk freely and higher risk up to the most aggressive with an acknowledgement when nothing caps capacity", () => {
    const rules = choiceRules(5, BALANCED);
    expect(rules).toEqual({ recommended: 2, ceiling: 4, ceilingReasons: [] });
    expect(choiceStatus(rules, "balanced")).toBe("recommended");
    expect(choiceStatus(rules, "conservative")).toBe("lower");
    expect(choiceProblem(rules, "conservative", false)).toBeNull();
    expect(choiceStatus(rules, "aggressive")).toBe("higher");
    expect(choiceProblem(rules, "growth", false)).toMatch(/tick the box/);
    expect(choiceProblem(rules, "growth", true)).toBeNull();
    expect(choiceProblem(rules, "speculative", true)).toBe("Choose one of the portfolios.");
  });

  it("never allows more than the capacity answers do: money needed within 5 years stops at balanced", () => {
    // Brave answers (score 5 after the cap) with a 3–5 year horizon: the ceiling is balanced (cap 5).
    const rules = choiceRules(5, { ...BALANCED, horizon: "3to5", goal: "max_growth", drop: "buy_more", loss: "gt30" });
    expect(rules.ceiling).toBe(2);
    expect(choiceStatus(rules, "growth")).toBe("beyond-capacity");
    expect(choiceProblem(rules, "growth", true)).toMatch(/within 5 years/);
  });

  it("holds an emergency fund to moderately conservative, and names both reasons when two answers cap it alike", () => {
    const rules = choiceRules(2, { ...BALANCED, horizon: "lt3", need: "yes" });
    expect(rules.ceiling).toBe(1);
    expect(rules.ceilingReasons).toEqual(["you expect to use the money within 3 years", "this money is your emergency fund"]);
    expect(choiceProblem(rules, "moderately-conservative", true)).toBeNull();
    expect(choiceProblem(rules, "balanced", true)).toMatch(/within 3 years and this money is your emergency fund/);
  });
});

describe("the risk ladder", () => {
  it("treats a model it does not know as beyond capacity", () => {
    expect(choiceStatus(choiceRules(10, { ...BALANCED, horizon: "gt20", need: "no" }), "crypto-moonshot")).toBe("beyond-capacity");
  });

  it("names the level on the ladder", () => {
    expect(riskLevelOf("conservative")).toEqual({ level: 1, of: 5 });
    expect(riskLevelOf("growth")).toEqual({ level: 4, of: 5 });
    expect(riskLevelOf("nope")).toBeNull();
  });
});
