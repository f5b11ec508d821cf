/**
 * A goal's projection as pages show it (docs/planning.md): the account's model portfolio, mapped to asset classes,
 * gives the expected return and volatility (capital-market assumptions), less the client's advisory fee at today's
 * blended rate; the goal's share of the account's value today is where it starts. The simulation is
 * ./monte-carlo.ts, seeded by the goal's id. Every figure that comes out is an estimate: whole dollars, never money.
 */
import { db } from "../db";
import { blendedRate } from "../fees/schedule";
import { scheduleOf } from "../fees/schedules";
import type { AssetClass } from "../generated/prisma/client";
import { capacityOf, type Answers } from "../investing/risk";
import { accountValue } from "../portfolio/account-value";
import { portfolioMoments } from "./capital-market-assumptions";
import { addMonths, monthsBetween, type GoalView } from "./goals";
import { ON_TRACK_PROBABILITY, projectGoal, seedFromText, type ReturnAssumption } from "./monte-carlo";

export { ON_TRACK_PROBABILITY };

interface ModelChoice extends ReturnAssumption {
  slug: string;
  name: string;
  minScore: number;
}

export interface ProjectionBasis {
  /** The account's value today, cents. */
  accountValue: bigint;
  model: ModelChoice;
  /** True when the account follows no model yet and the balanced one stands in. */
  modelAssumed: boolean;
  /** The advisory fee's blended annual rate at today's value, as a fraction. */
  annualFee: number;
  /** Riskier models than the account's, least risky first, that the investor's capacity for risk allows (before a goal's own horizon). */
  riskier: ModelChoice[];
  /** The highest risk score the questionnaire's capacity answers allow (10 without a questionnaire: none is offered then). */
  capacity: number | null;
}

export interface GoalBand {
  /** Months from today. */
  month: number;
  /** Whole dollars: estimates for the chart. */
  p10: number;
  p50: number;
  p90: number;
}

export type GoalStatus =
  | { kind: "ON_TRACK" }
  | {
      kind: "BEHIND";
      /** Cents (whole dollars): the extra a month that would be on track. */
      extraMonthly: bigint;
      /** The nearest later date (YYYY-MM-DD) that would be on track saving as now; null beyond 20 more years. */
      laterDate: string | null;
      /** A riskier model the investor's capacity allows that would be on track, with its probability. */
      riskier: { name: string; probability: number } | null;
    };

export interface GoalProjectionView {
  goalId: string;
  /** Cents counted toward the goal today: its share of the account's value. */
  startingValue: bigint;
  months: number;
  probability: number;
  bands: GoalBand[];
  status: GoalStatus;
  basis: { modelName: string; modelAssumed: boolean; expectedReturn: number; volatility: number; annualFee: number };
}

const cents = (dollars: number) => BigInt(Math.round(dollars)) * 100n;
/** An exact amount of cents as float dollars: an input to the simulation, not money. */
const dollars = (amount: bigint) => Number(amount) / 100;

async function modelChoices(): Promise<(ModelChoice & { maxScore: number })[]> {
  const models = await db.modelPortfolio.findMany({
    orderBy: { minScore: "asc" },
    select: {
      slug: true,
      name: true,
      minScore: true,
      maxScore: true,
      versions: { orderBy: { version: "desc" }, take: 1, select: { weights: { select: { weight: true, asset: { select: { assetClass: true } } } } } },
    },
  });
  return models.flatMap((model) => {
    const version = model.versions[0];
    if (!version) return [];
    const weights: Partial<Record<AssetClass, number>> = {};
    // Float64 weights for the assumptions' moments (an estimate's input, not money).
    for (const { weight, asset } of version.weights) weights[asset.assetClass] = (weights[asset.assetClass] ?? 0) + Number(weight.toString());
    return [{ slug: model.slug, name: model.name, minScore: model.minScore, maxScore: model.maxScore, ...portfolioMoments(weights) }];
  });
}

/** What every goal of one investor is projected on: their account, its model, their fee, their capacity. */
export async function projectionBasis(userId: string, accountId: string): Promise<ProjectionBasis> {
  const [account, value, schedule, profile, models] = await Promise.all([
    db.investmentAccount.findUniqueOrThrow({ where: { id: accountId }, select: { modelVersion: { select: { model: { select: { slug: true } } } } } }),
    accountValue(accountId),
    scheduleOf(userId),
    db.riskProfile.findFirst({ where: { userId }, orderBy: { createdAt: "desc" }, select: { answers: true } }),
    modelChoices(),
  ]);
  const followed = models.find((model) => model.slug === account.modelVersion?.model.slug);
  const model = followed ?? models.find((m) => m.slug === "balanced") ?? models[Math.floor(models.length / 2)];
  if (!model) throw new Error("no model portfolio to project a goal on");
  const capacity = profile ? capacityOf(profile.answers as Answers) : null;
  const riskier = capacity === null ? [] : models.filter((m) => m.minScore > model.minScore && m.minScore <= capacity && m.expectedReturn > model.expectedReturn);
  return {
    accountValue: value.total,
    model,
    modelAssumed: !followed,
    annualFee: Number(blendedRate(schedule.tiers, value.total).toString()),
    riskier,
    capacity,
  };
}

/** A goal's own horizon caps risk as the questionnaire's does: money needed within 3 (5) years stays at 3 (5) or below. */
function horizonCap(months: number): number {
  return months < 36 ? 3 : months < 60 ? 5 : 10;
}

export function projectOne(goal: GoalView, basis: ProjectionBasis, today: string): GoalProjectionView {
  const months = Math.max(1, monthsBetween(today, goal.targetDate));
  const startingValue = basis.accountValue > 0n ? (basis.accountValue * BigInt(goal.accountSharePercent)) / 100n : 0n;
  const alternatives = basis.riskier.filter((m) => m.minScore <= horizonCap(months));
  const projection = projectGoal({
    startingValue: dollars(startingValue),
    monthlyContribution: dollars(goal.monthlyContribution),
    months,
    target: dollars(goal.targetAmount),
    expectedReturn: basis.model.expectedReturn,
    volatility: basis.model.volatility,
    annualFee: basis.annualFee,
    seed: seedFromText(goal.id),
    alternatives,
  });
  const { advice } = projection;
  const status: GoalStatus = advice.onTrack
    ? { kind: "ON_TRACK" }
    : {
        kind: "BEHIND",
        extraMonthly: cents(advice.extraMonthly),
        laterDate: advice.monthsLater === null ? null : addMonths(goal.targetDate, advice.monthsLater),
        riskier: advice.alternative ? { name: alternatives[advice.alternative.index]!.name, probability: advice.alternative.probability } : null,
      };
  return {
    goalId: goal.id,
    startingValue,
    months,
    probability: projection.probability,
    bands: projection.bands.map((band) => ({ month: band.month, p10: Math.round(band.p10), p50: Math.round(band.p50), p90: Math.round(band.p90) })),
    status,
    basis: { modelName: basis.model.name, modelAssumed: basis.modelAssumed, expectedReturn: basis.model.expectedReturn, volatility: basis.model.volatility, annualFee: basis.annualFee },
  };
}

/** Projections of goals that share one account (the investor's, or a client's for their advisor), by goal id. */
export async function projectGoals(userId: string, goals: GoalView[], today = new Date().toISOString().slice(0, 10)): Promise<Map<string, GoalProjectionView>> {
  const projections = new Map<string, GoalProjectionView>();
  if (goals.length === 0) return projections;
  const basis = await projectionBasis(userId, goals[0]!.accountId);
  for (const goal of goals) projections.set(goal.id, projectOne(goal, basis, today));
  return projections;
}
