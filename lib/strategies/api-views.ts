/**
 * The public strategies as the JSON API sends them: ratios as decimal strings to 6 places (0.052341 = 5.2341 %),
 * the fee's reference balance in cents as a string, follower counts as the pages show them (never under 5).
 */
import { SIXTY_FORTY } from "../portfolio/benchmark";
import { fixedRatio } from "../portfolio/returns";
import type { TrackFigures } from "./track-record";
import { publicStrategies } from "./views";

const ratio = (value: number | null) => (value === null ? null : fixedRatio(value, 6));

function figuresJson(figures: TrackFigures) {
  return {
    from: figures.first,
    to: figures.last,
    sinceInception: ratio(figures.sinceInception),
    sinceInceptionAnnualised: ratio(figures.sinceInceptionAnnualised),
    oneMonth: ratio(figures.oneMonth),
    oneYear: ratio(figures.oneYear),
    volatility: ratio(figures.volatility),
    maxDrawdown: ratio(figures.maxDrawdown),
  };
}

export async function publicStrategiesJson() {
  return (await publicStrategies()).map((s) => ({
    slug: s.slug,
    name: s.name,
    description: s.description,
    riskLevel: s.risk?.level ?? null,
    followers: s.followers,
    trackRecord: s.record
      ? {
          afterFees: figuresJson(s.record.net),
          beforeFees: figuresJson(s.record.gross),
          benchmark: s.record.benchmark ? { name: SIXTY_FORTY.name, ...figuresJson(s.record.benchmark) } : null,
          annualFeeRate: s.record.feeRate.toFixed(),
          feeReferenceBalance: { cents: s.record.feeReferenceBalance.toString(), currency: "USD" },
        }
      : null,
  }));
}
