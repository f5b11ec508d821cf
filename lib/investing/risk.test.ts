import { describe, expect, it } from "vitest";
import { IncompleteAnswers, modelSlugFor, QUESTIONS, scoreRisk, type Answers } from "./risk";

const pick = (index: (optionCount: number) => number): Answers =>
  Object.fromEntries(QUESTIONS.map((q) => [q.id, q.options[index(q.options.length)]!.value]));

describe("scoreRisk", () => {
  it("has at least six questions", () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(6);
  });

  it("scores the most cautious answers 1 and the boldest 10", () => {
    expect(scoreRisk(pick(() => 0)).score).toBe(1);
    expect(scoreRisk(pick((n) => n - 1)).score).toBe(10);
  });

  it("scores a middle-of-the-road investor in the middle", () => {
    // horizon 6-10 (2), balanced (2), hold (2), stable (3), funds (2), maybe (2), 10-20% (2) = 15 of 28 points
    // → 1 + round(15 × 9 / 28 = 4.82) = 6
    const answers = { horizon: "6to10", goal: "balanced", drop: "hold", income: "stable", experience: "funds", need: "maybe", loss: "10to20" };
    const result = scoreRisk(answers);
    expect(result.score).toBe(6);
    expect(result.explanation[0]).toMatch(/^Your risk score is 6 of 10: balanced\./);
    expect(modelSlugFor(result.score)).toBe("balanced");
  });

  it("caps a bold investor who needs the money soon, and says why", () => {
    const answers = { ...pick((n) => n - 1), horizon: "lt3" };
    // willingness: 24 of 28 points → 1 + round(7.71) = 9; capped at 3 by the horizon
    const result = scoreRisk(answers);
    expect(result.score).toBe(3);
    expect(result.explanation[1]).toContain("point to 9");
    expect(result.explanation[1]).toContain("within 3 years");
  });

  it("refuses missing or unknown answers, naming them", () => {
    const answers = pick(() => 0);
    delete answers.loss;
    answers.goal = "get rich quick";
    expect(() => scoreRisk(answers)).toThrow(IncompleteAnswers);
    try {
      scoreRisk(answers);
    } catch (error) {
      expect((error as IncompleteAnswers).missing).toEqual(["goal", "loss"]);
    }
  });

  it("maps every score to a model", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(modelSlugFor)).toEqual([
      "conservative", "conservative", "moderately-conservative", "moderately-conservative", "balanced",
      "balanced", "growth", "growth", "aggressive", "aggressive",
    ]);
  });
});
