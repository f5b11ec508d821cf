/**
 * How far above the questionnaire's recommendation an investor may choose to go, pure. The five models form a ladder
 * from the most cautious to the boldest (their risk-score bands, prisma/migrations/…_investing_models); an investor
 * may choose the recommended model, any more cautious one, or at most one rung bolder. Anything bolder exceeds their
 * risk capacity and is refused (following a strategy, choosing another risk level).
 */

/** The models from the most cautious to the boldest, by slug. */
export const RISK_LADDER = ["conservative", "moderately-conservative", "balanced", "growth", "aggressive"] as const;

/** How many rungs above the recommended model an investor may choose. */
export const RUNGS_ABOVE_RECOMMENDED = 1;

/**
 * Whether `chosenSlug` is beyond the capacity of an investor whose questionnaire recommends `recommendedSlug`.
 * A slug not on the ladder exceeds it (an unknown risk cannot be judged within capacity).
 */
export function exceedsCapacity(recommendedSlug: string, chosenSlug: string, ladder: readonly string[] = RISK_LADDER): boolean {
  const recommended = ladder.indexOf(recommendedSlug);
  const chosen = ladder.indexOf(chosenSlug);
  if (recommended < 0 || chosen < 0) return true;
  return chosen - recommended > RUNGS_ABOVE_RECOMMENDED;
}

/** The model's risk level in words, 1 (most cautious) to 5 (boldest), or null for a slug not on the ladder. */
export function riskLevelOf(slug: string, ladder: readonly string[] = RISK_LADDER): { level: number; of: number } | null {
  const index = ladder.indexOf(slug);
  return index < 0 ? null : { level: index + 1, of: ladder.length };
}
