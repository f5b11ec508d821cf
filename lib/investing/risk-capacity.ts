/**
 * Which of the five model portfolios an investor may choose for themselves, given their questionnaire. Pure.
 *
 * - The recommendation is the model of their score (modelSlugFor).
 * - A lower-risk model is always allowed.
 * - A higher-risk model is allowed up to the CAPACITY CEILING, with a warning and an explicit acknowledgement:
 *   above the recommendation it exceeds what their answers support.
 * - The same rules hold wherever an investor picks a model: on /portfolio and when following a public strategy
 *   (lib/strategies), so a portfolio refused on one page is never reachable from the other.
 * - The capacity ceiling is the model of the lowest cap their capacity answers set (capacityCaps: money needed
 *   within 3 years or an emergency fund → moderately conservative; within 5 years → balanced); with no such answer
 *   it is the most aggressive model. Nothing beyond it can be chosen: money needed soon should not ride out a deep
 *   fall, whatever the investor ticks.
 */
import { capacityCaps, capacityOf, modelSlugFor, type Answers } from "./risk";

/** The models from the least to the most risky (their slugs, seeded in 20261121135539_investing_models). */
export const MODEL_LEVELS = ["conservative", "moderately-conservative", "balanced", "growth", "aggressive"] as const;

export type ChoiceStatus = "recommended" | "lower" | "higher" | "beyond-capacity";

export interface ChoiceRules {
  recommended: number;
  /** The highest level that may be chosen. */
  ceiling: number;
  /** Why the ceiling is where it is (empty when there is no cap). */
  ceilingReasons: string[];
}

export function levelOf(slug: string): number {
  return (MODEL_LEVELS as readonly string[]).indexOf(slug);
}

export function choiceRules(score: number, answers: Answers): ChoiceRules {
  const caps = capacityCaps(answers);
  const cap = capacityOf(answers);
  return {
    recommended: levelOf(modelSlugFor(score)),
    ceiling: levelOf(modelSlugFor(cap)),
    ceilingReasons: caps.filter((c) => c.max === cap).map((c) => c.reason),
  };
}

export function choiceStatus(rules: ChoiceRules, slug: string): ChoiceStatus {
  const level = levelOf(slug);
  // A model not on the ladder has a risk nobody can judge against the answers: beyond capacity.
  if (level < 0) return "beyond-capacity";
  if (level === rules.recommended) return "recommended";
  if (level < rules.recommended) return "lower";
  return level > rules.ceiling ? "beyond-capacity" : "higher";
}

/** Null when `slug` may be chosen with this acknowledgement, else what is wrong, in words for the investor. */
export function choiceProblem(rules: ChoiceRules, slug: string, acknowledged: boolean): string | null {
  if (levelOf(slug) < 0) return "Choose one of the portfolios.";
  const status = choiceStatus(rules, slug);
  if (status === "beyond-capacity") {
    return `This portfolio is beyond what your answers allow, because ${rules.ceilingReasons.join(" and ")}. Choose a lower-risk portfolio.`;
  }
  if (status === "higher" && !acknowledged) return "This portfolio takes more risk than we recommend: tick the box to confirm you understand and accept it.";
  return null;
}

/** The models from the most cautious to the boldest, by slug. */
export const RISK_LADDER = MODEL_LEVELS;

/** The model's risk level in words, 1 (most cautious) to 5 (boldest), or null for a slug not on the ladder. */
export function riskLevelOf(slug: string, ladder: readonly string[] = RISK_LADDER): { level: number; of: number } | null {
  const index = ladder.indexOf(slug);
  return index < 0 ? null : { level: index + 1, of: ladder.length };
}
