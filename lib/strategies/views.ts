/**
 * Public strategies as investors see them (docs/strategies.md): the models staff published as strategies, each with
 * its track record from its own versions (track-record.ts), its risk level, how many investors follow it (a count,
 * never who, and never under FOLLOWER_COUNT_THRESHOLD) and whether it is within the viewer's risk capacity.
 */
import Decimal from "decimal.js";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { Forbidden, NotFound } from "../errors";
import { blendedRate } from "../fees/schedule";
import { defaultSchedule } from "../fees/schedules";
import { latestModelForScore, modelVersion, type ModelView } from "../investing/models";
import type { Answers } from "../investing/risk";
import { choiceRules, choiceStatus, riskLevelOf, type ChoiceRules } from "../investing/risk-capacity";
import { historyVersion } from "../market-data/history-version";
import { investmentAccountRecordOf } from "../payments/deposits";
import { benchmarkFor, GROWTH_SCALE, incomeBySymbol, splitAdjustedCloses } from "../portfolio/benchmark";
import { thinned } from "../portfolio/performance";
import { followersText, netOfFee, strategyIndex, trackFigures, type TrackFigures, type VersionInForce } from "./track-record";

/** The balance whose fee rate the net figures use: the default schedule's blended rate on $100,000. */
export const FEE_REFERENCE_BALANCE = 10_000_000n;

const newYorkDay = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York", year: "numeric", month: "2-digit", day: "2-digit" });

export interface TrackRecord {
  gross: TrackFigures;
  net: TrackFigures;
  /** The 60/40 benchmark over the same days; null without its history. */
  benchmark: TrackFigures | null;
  /** The annual fee rate taken off for `net`, and the balance it is the rate of. */
  feeRate: Decimal;
  feeReferenceBalance: bigint;
  /** For the chart: cumulative returns since the first day (ratios), at most ~320 points. */
  series: { dates: string[]; net: number[]; gross: number[]; benchmark: number[] | null };
}

const RECORD_MS = 60_000;
const records = new Map<string, { until: number; version: number; value: Promise<TrackRecord | null> }>();

/**
 * A model's versions as they took effect: each from the New York day its accounts moved to it (its scheduled date,
 * or when it was published); a version whose scheduled move was called off never governed anyone and is left out.
 */
async function versionsInForce(modelId: string): Promise<VersionInForce[]> {
  const versions = await db.modelVersion.findMany({
    where: { modelId, migrationCanceledAt: null },
    orderBy: { version: "asc" },
    select: { publishedAt: true, migrateAt: true, weights: { select: { weight: true, asset: { select: { symbol: true } } } } },
  });
  return versions.map((v) => ({
    from: newYorkDay.format(v.migrateAt ?? v.publishedAt),
    weights: Object.fromEntries(v.weights.map((w) => [w.asset.symbol, new Decimal(w.weight.toString())])),
  }));
}

async function loadTrackRecord(modelId: string): Promise<TrackRecord | null> {
  const versions = await versionsInForce(modelId);
  const symbols = [...new Set(versions.flatMap((v) => Object.keys(v.weights)))];
  const [{ closes, dates }, income, schedule] = await Promise.all([splitAdjustedCloses(symbols), incomeBySymbol(symbols), defaultSchedule()]);
  const gross = strategyIndex([...dates].sort(), versions, closes, income);
  if (!gross || gross.dates.length < 2) return null;
  const feeRate = blendedRate(schedule.tiers, FEE_REFERENCE_BALANCE);
  const net = netOfFee(gross.dates, gross.index, feeRate);
  const growth = await benchmarkFor(gross.dates);
  const scale = new Decimal(GROWTH_SCALE.toString());
  const benchmarkIndex = growth?.map((g) => new Decimal(g.toString()).dividedBy(scale)) ?? null;
  // Chart points only: ratios in binary64, never money.
  const points = thinned(gross.dates.map((date, i) => ({ date, i })));
  const cumulative = (index: Decimal[]) => points.map(({ i }) => index[i]!.minus(1).toNumber());
  return {
    gross: trackFigures(gross.dates, gross.index)!,
    net: trackFigures(gross.dates, net)!,
    benchmark: benchmarkIndex ? trackFigures(gross.dates, benchmarkIndex) : null,
    feeRate,
    feeReferenceBalance: FEE_REFERENCE_BALANCE,
    series: { dates: points.map((p) => p.date), net: cumulative(net), gross: cumulative(gross.index), benchmark: benchmarkIndex ? cumulative(benchmarkIndex) : null },
  };
}

/** A model's track record, shared by every request for a minute (or until this process writes prices or splits). */
export function trackRecordOf(modelId: string): Promise<TrackRecord | null> {
  const now = Date.now();
  const cached = records.get(modelId);
  if (cached && cached.until > now && cached.version === historyVersion()) return cached.value;
  const value = loadTrackRecord(modelId);
  const entry = { until: now + RECORD_MS, version: historyVersion(), value };
  records.set(modelId, entry);
  value.catch(() => {
    if (records.get(modelId) === entry) records.delete(modelId);
  });
  return value;
}

/** Investors (people, not accounts; closed accounts left out) whose portfolio is on any version of each model. */
export async function followerCounts(modelIds: string[]): Promise<Map<string, number>> {
  if (modelIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ modelId: string; investors: number }[]>`
    SELECT mv."modelId"::text AS "modelId", count(DISTINCT a."userId")::int AS investors
    FROM "InvestmentAccount" a
    JOIN "ModelVersion" mv ON mv."id" = a."modelVersionId"
    JOIN "User" u ON u."id" = a."userId"
    WHERE u."closedAt" IS NULL AND mv."modelId" = ANY(${modelIds}::uuid[])
    GROUP BY mv."modelId"`;
  return new Map(rows.map((row) => [row.modelId, row.investors]));
}

/**
 * Where a strategy stands against the viewer's questionnaire, by the rules of risk-capacity.ts (the same as on
 * /portfolio): "within" is the recommended model or a more cautious one; "higher" takes more risk than recommended
 * but stays under the capacity ceiling (followed only with an acknowledgement); "above" is beyond the ceiling
 * (refused); "unknown" before the questionnaire.
 */
export type Capacity = "within" | "higher" | "above" | "unknown";

export function capacityOfStrategy(rules: ChoiceRules | null, slug: string): Capacity {
  if (!rules) return "unknown";
  const status = choiceStatus(rules, slug);
  return status === "beyond-capacity" ? "above" : status === "higher" ? "higher" : "within";
}

export interface Standing {
  recommended: ModelView | null;
  /** The choice rules of the latest questionnaire; null before it. */
  rules: ChoiceRules | null;
  currentModelId: string | null;
}

/** The viewer's questionnaire recommendation and rules, and the model they are on now; nulls before the questionnaire. */
export async function investorStanding(user: CurrentUser): Promise<Standing> {
  const [profile, account] = await Promise.all([
    db.riskProfile.findFirst({ where: { userId: user.id }, orderBy: { createdAt: "desc" }, select: { score: true, answers: true } }),
    investmentAccountRecordOf(user.id),
  ]);
  const current = account?.modelVersionId ? await modelVersion(account.modelVersionId) : null;
  return {
    recommended: profile ? await latestModelForScore(db, profile.score) : null,
    rules: profile ? choiceRules(profile.score, profile.answers as Answers) : null,
    currentModelId: current?.id ?? null,
  };
}

export interface StrategyCard {
  id: string;
  slug: string;
  name: string;
  description: string;
  risk: { level: number; of: number } | null;
  capacity: Capacity;
  following: boolean;
  followers: string;
  record: TrackRecord | null;
}

export interface StrategyPage extends StrategyCard {
  model: ModelView;
  publishedAt: Date;
  recommendedSlug: string | null;
  /** Why the viewer's capacity stops where it does ("you expect to use the money within 3 years"), when it is capped. */
  capacityReasons: string[];
}

const strategyRow = { id: true, slug: true, strategyDescription: true, strategyPublishedAt: true } as const;

function assertInvestor(user: CurrentUser): void {
  if (user.role !== "INVESTOR") throw new Forbidden("Strategies are for investors to follow.");
}

async function cardOf(
  row: { id: string; slug: string; strategyDescription: string | null },
  model: ModelView,
  standing: Standing,
  followers: number,
): Promise<StrategyCard> {
  return {
    id: row.id,
    slug: row.slug,
    name: model.name,
    description: row.strategyDescription ?? model.description,
    risk: riskLevelOf(row.slug),
    capacity: capacityOfStrategy(standing.rules, row.slug),
    following: standing.currentModelId === row.id,
    followers: followersText(followers),
    record: await trackRecordOf(row.id),
  };
}

async function newestVersionOf(modelId: string): Promise<ModelView> {
  const version = await db.modelVersion.findFirstOrThrow({ where: { modelId }, orderBy: { version: "desc" }, select: { id: true } });
  return (await modelVersion(version.id))!;
}

/** Every public strategy, most cautious first. */
export async function listStrategies(user: CurrentUser): Promise<StrategyCard[]> {
  assertInvestor(user);
  const rows = await db.modelPortfolio.findMany({ where: { strategyPublishedAt: { not: null } }, orderBy: { minScore: "asc" }, select: strategyRow });
  const [standing, counts, models] = await Promise.all([
    investorStanding(user),
    followerCounts(rows.map((row) => row.id)),
    Promise.all(rows.map((row) => newestVersionOf(row.id))),
  ]);
  return Promise.all(rows.map((row, i) => cardOf(row, models[i]!, standing, counts.get(row.id) ?? 0)));
}

/** One public strategy by its slug; NotFound when there is none (or it is not public). */
export async function strategyBySlug(user: CurrentUser, slug: string): Promise<StrategyPage> {
  assertInvestor(user);
  const row = await db.modelPortfolio.findFirst({ where: { slug, strategyPublishedAt: { not: null } }, select: strategyRow });
  if (!row) throw new NotFound("No such strategy.");
  const [standing, counts, model] = await Promise.all([investorStanding(user), followerCounts([row.id]), newestVersionOf(row.id)]);
  const card = await cardOf(row, model, standing, counts.get(row.id) ?? 0);
  return { ...card, model, publishedAt: row.strategyPublishedAt!, recommendedSlug: standing.recommended?.slug ?? null, capacityReasons: standing.rules?.ceilingReasons ?? [] };
}

/** What the API lists: every public strategy's figures, without anything about the caller. */
export async function publicStrategies(): Promise<{ slug: string; name: string; description: string; risk: { level: number; of: number } | null; followers: string; record: TrackRecord | null }[]> {
  const rows = await db.modelPortfolio.findMany({ where: { strategyPublishedAt: { not: null } }, orderBy: { minScore: "asc" }, select: { ...strategyRow, name: true } });
  const counts = await followerCounts(rows.map((row) => row.id));
  return Promise.all(
    rows.map(async (row) => ({
      slug: row.slug,
      name: row.name,
      description: row.strategyDescription ?? "",
      risk: riskLevelOf(row.slug),
      followers: followersText(counts.get(row.id) ?? 0),
      record: await trackRecordOf(row.id),
    })),
  );
}
