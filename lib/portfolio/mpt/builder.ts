/**
 * The advisors' model builder (/admin/models/builder): reads the chosen assets' real daily closes (split-adjusted,
 * with recorded income) and the published models, and lays out the efficient frontier, each model's point and
 * distance, and the backtest of a chosen frontier portfolio. Only staff who may edit models use it (canManageModels).
 * Every figure is a statistical estimate (float64), shown rounded and labelled so. Results are cached per
 * (assets, window, maximum weight, history version) for ten minutes: docs/model-builder.md has the timings.
 */
import Decimal from "decimal.js";
import { z } from "zod";
import type { CurrentUser } from "../../auth/sessions";
import { db } from "../../db";
import { Forbidden, InvalidInput } from "../../errors";
import type { AssetClass } from "../../generated/prisma/client";
import { canManageModels, listModels, type ModelView } from "../../investing/models";
import { splitAdjusted, splitsOf } from "../../market-data/corporate-actions";
import { historyVersion } from "../../market-data/history-version";
import { ASSUMPTIONS } from "../../planning/capital-market-assumptions";
import { parseInput } from "../../validation";
import { incomeBySymbol, type Closes } from "../benchmark";
import { backtest, type Backtest } from "./backtest";
import { estimate, InsufficientHistory, type Estimates, type PriceSeries } from "./estimate";
import { distanceToFrontier, efficientFrontier, InfeasibleWeights, maximumSharpe, type FrontierPoint, type OptimisationInput } from "./frontier";

export const WINDOWS = ["1", "3", "5", "10", "all"] as const;
export type Window = (typeof WINDOWS)[number];
export const FRONTIER_POINTS = 15;

export interface BuilderQuery {
  symbols: string[];
  window: Window;
  /** Per-asset maximum weight in percent (100 = none). */
  maxWeight: number;
  /** The frontier point to backtest: its index, or "sharpe". */
  pick: number | "sharpe";
}

const list = z.union([z.string(), z.array(z.string())]).optional();
const queryShape = z.object({
  assets: list,
  window: z.enum(WINDOWS, { error: "Choose a window." }).default("5"),
  maxWeight: z.coerce
    .number({ error: "Enter the maximum weight as a percentage, e.g. 40." })
    .gt(0, { error: "The maximum weight must be above 0%." })
    .max(100, { error: "The maximum weight cannot be above 100%." })
    .default(100),
  pick: z.union([z.literal("sharpe"), z.coerce.number().int().min(0).max(FRONTIER_POINTS - 1)]).default("sharpe"),
});

/** The builder's query from the address (search params); the default is every asset a model may hold that has history. */
export function parseBuilderQuery(input: Record<string, string | string[] | undefined>, available: readonly string[], defaults: readonly string[] = available): BuilderQuery {
  const shape = parseInput(queryShape, { ...input, maxWeight: input.maxWeight === "" ? undefined : input.maxWeight });
  const requested = shape.assets === undefined ? [...defaults] : (Array.isArray(shape.assets) ? shape.assets : shape.assets.split(",")).filter(Boolean);
  const unknown = requested.filter((symbol) => !available.includes(symbol));
  if (unknown.length) throw new InvalidInput(`No price history for ${unknown.join(", ")}.`, { assets: `No price history for ${unknown.join(", ")}.` });
  const symbols = [...new Set(requested)].sort();
  if (symbols.length < 2) throw new InvalidInput("Choose at least two assets.", { assets: "Choose at least two assets." });
  if (symbols.length * shape.maxWeight < 100) {
    throw new InvalidInput("With this maximum weight the chosen assets cannot add up to 100%.", { maxWeight: `At least ${Math.ceil(100 / symbols.length)}% for ${symbols.length} assets.` });
  }
  return { symbols, window: shape.window, maxWeight: shape.maxWeight, pick: shape.pick };
}

export interface BuilderAsset {
  symbol: string;
  name: string;
  assetClass: AssetClass;
  /** Daily closes stored. */
  bars: number;
  /** May be in a model (not reference data): chosen by default. */
  tradable: boolean;
}

export interface ModelPoint {
  id: string;
  name: string;
  version: number;
  expectedReturn: number;
  volatility: number;
  excessVolatility: number;
  returnShortfall: number | null;
}

export interface BuilderResult {
  estimates: Estimates;
  frontier: (FrontierPoint & { symbols: string[] })[];
  maxSharpe: FrontierPoint;
  riskFree: number;
  models: ModelPoint[];
  picked: { weights: Record<string, number>; expectedReturn: number; volatility: number; backtest: Backtest | null };
  /** Milliseconds the computation took (not counting a cache hit). */
  computeMs: number;
  cached: boolean;
}

export type BuilderView =
  | { status: "ok"; query: BuilderQuery; assets: BuilderAsset[]; result: BuilderResult }
  | { status: "unavailable"; query: BuilderQuery | null; assets: BuilderAsset[]; message: string };

/** The assets with stored daily history (active or reference), for the builder's choice. */
async function assetsWithHistory(): Promise<BuilderAsset[]> {
  const rows = await db.$queryRaw<{ symbol: string; name: string; assetClass: AssetClass; bars: number; tradable: boolean }[]>`
    SELECT a."symbol", a."name", a."assetClass", count(b."date")::int AS bars, (a."tradable" AND a."active") AS tradable
    FROM "Asset" a JOIN "PriceBar" b ON b."assetId" = a."id"
    GROUP BY a."id" ORDER BY a."assetClass", a."symbol"`;
  return rows;
}

/** Split-adjusted closes of each symbol, by date. */
async function closesOf(symbols: readonly string[]): Promise<Closes> {
  const assets = await db.asset.findMany({ where: { symbol: { in: [...symbols] } }, select: { id: true, symbol: true } });
  const closes: Closes = {};
  await Promise.all(
    assets.map(async (asset) => {
      const [bars, splits] = await Promise.all([
        db.$queryRaw<{ date: string; close: string }[]>`
          SELECT "date"::text AS date, "close"::text AS close FROM "PriceBar" WHERE "assetId" = ${asset.id}::uuid ORDER BY "date"`,
        splitsOf(asset.symbol),
      ]);
      closes[asset.symbol] = new Map(bars.map((bar) => [bar.date, splitAdjusted(new Decimal(bar.close), bar.date, splits)]));
    }),
  );
  return closes;
}

/** Rounds fractions to tenths of a percent adding up to exactly 100 (largest remainder), as the model editor takes them. */
export function percentWeights(weights: Record<string, number>): Record<string, string> {
  const entries = Object.entries(weights).filter(([, w]) => w > 0);
  const units = entries.map(([symbol, w]) => ({ symbol, whole: Math.floor(w * 1000 + 1e-9), rest: w * 1000 - Math.floor(w * 1000 + 1e-9) }));
  let missing = 1000 - units.reduce((sum, u) => sum + u.whole, 0);
  for (const u of [...units].sort((a, b) => b.rest - a.rest)) {
    if (missing <= 0) break;
    u.whole++;
    missing--;
  }
  return Object.fromEntries(units.filter((u) => u.whole > 0).sort((a, b) => a.symbol.localeCompare(b.symbol)).map((u) => [u.symbol, new Decimal(u.whole).dividedBy(10).toFixed()]));
}

const CACHE_MS = 10 * 60_000;
const cache = new Map<string, { until: number; value: Promise<BuilderResult> }>();

async function compute(query: BuilderQuery, assets: BuilderAsset[], models: ModelView[]): Promise<BuilderResult> {
  const started = performance.now();
  // Every point on the chart is measured on the same days: the chosen assets' and the models' common history.
  const modelSymbols = models.flatMap((m) => m.allocation.map((a) => a.symbol));
  const universe = [...new Set([...query.symbols, ...modelSymbols])].filter((s) => assets.some((a) => a.symbol === s)).sort();
  const missing = [...new Set(modelSymbols)].filter((s) => !universe.includes(s));
  if (missing.length) throw new InsufficientHistory(`The models hold ${missing.join(", ")}, which ${missing.length === 1 ? "has" : "have"} no price history: import it first.`);
  const [closes, income] = await Promise.all([closesOf(universe), incomeBySymbol(universe)]);
  const classOf = new Map(assets.map((a) => [a.symbol, a.assetClass]));
  const series: PriceSeries[] = universe.map((symbol) => ({
    symbol,
    assetClass: classOf.get(symbol)!,
    closes: [...closes[symbol]!].map(([date, close]) => [date, close.toNumber()] as const),
  }));
  const all = estimate(series, query.window === "all" ? null : Number(query.window));
  const riskFree = Number(ASSUMPTIONS.CASH.expectedReturn);
  const at = (symbols: readonly string[]) => symbols.map((s) => all.symbols.indexOf(s));
  const chosen = at(query.symbols);
  const input: OptimisationInput = {
    mean: chosen.map((i) => all.mean[i]!),
    cov: chosen.map((i) => chosen.map((j) => all.cov[i]![j]!)),
    cap: chosen.map(() => query.maxWeight / 100),
    riskFree,
  };
  const frontier = efficientFrontier(input, FRONTIER_POINTS);
  const sharpe = maximumSharpe(input);
  const fullInput: OptimisationInput = { mean: all.mean, cov: all.cov, cap: all.symbols.map(() => 1), riskFree };
  const modelPoints = models.map((model) => {
    const w = all.symbols.map((s) => model.allocation.find((a) => a.symbol === s)?.weight.toNumber() ?? 0);
    const expectedReturn = w.reduce((sum, v, i) => sum + v * fullInput.mean[i]!, 0);
    const volatility = Math.sqrt(w.reduce((sum, v, i) => sum + v * w.reduce((inner, u, j) => inner + u * fullInput.cov[i]![j]!, 0), 0));
    const distance = distanceToFrontier(input, frontier, { expectedReturn, volatility });
    return { id: model.id, name: model.name, version: model.version, expectedReturn, volatility, ...distance };
  });
  const point = query.pick === "sharpe" ? sharpe : (frontier[Math.min(query.pick, frontier.length - 1)] ?? sharpe);
  const weights = Object.fromEntries(query.symbols.map((s, k) => [s, point.weights[k]!]));
  const exact = percentWeights(weights);
  const dates = [...closes[query.symbols[0]!]!.keys()].filter((d) => d >= all.start && d <= all.end && query.symbols.every((s) => closes[s]!.has(d)));
  const picked = {
    weights,
    expectedReturn: point.expectedReturn,
    volatility: point.volatility,
    backtest: backtest(dates, Object.fromEntries(Object.entries(exact).map(([s, p]) => [s, new Decimal(p).dividedBy(100)])), closes, income),
  };
  return {
    estimates: all,
    frontier: frontier.map((p) => ({ ...p, symbols: query.symbols })),
    maxSharpe: sharpe,
    riskFree,
    models: modelPoints,
    picked,
    computeMs: Math.round(performance.now() - started),
    cached: false,
  };
}

/** The builder for staff who may edit models; Forbidden for anyone else. */
export async function modelBuilder(actor: CurrentUser, input: Record<string, string | string[] | undefined>): Promise<BuilderView> {
  if (!(await canManageModels(actor))) throw new Forbidden("Only staff who may edit models use the model builder.");
  const assets = await assetsWithHistory();
  let query: BuilderQuery;
  try {
    query = parseBuilderQuery(
      input,
      assets.map((a) => a.symbol),
      assets.filter((a) => a.tradable).map((a) => a.symbol),
    );
  } catch (error) {
    if (error instanceof InvalidInput) return { status: "unavailable", query: null, assets, message: Object.values(error.fields)[0] ?? error.message };
    throw error;
  }
  const models = await listModels();
  // A newly published model version, or new bars or splits in this process, make a fresh computation.
  const key = JSON.stringify([query, historyVersion(), models.map((m) => m.versionId)]);
  const now = Date.now();
  const hit = cache.get(key);
  try {
    if (hit && hit.until > now) return { status: "ok", query, assets, result: { ...(await hit.value), cached: true } };
    const value = compute(query, assets, models);
    cache.set(key, { until: now + CACHE_MS, value });
    value.catch(() => cache.delete(key));
    for (const [k, entry] of cache) if (entry.until <= now || cache.size > 50) cache.delete(k);
    return { status: "ok", query, assets, result: await value };
  } catch (error) {
    if (error instanceof InsufficientHistory || error instanceof InfeasibleWeights) return { status: "unavailable", query, assets, message: error.message };
    throw error;
  }
}

const WEIGHT_PARAM = /^([A-Z0-9.]{1,12}):(\d{1,3}(?:\.\d{1,4})?)$/;

/**
 * The weights the builder hands to a model's editor ("VTI:40.5,BND:59.5", percent): symbol → percent text, only
 * for active symbols; null when the text is not that shape (the editor then starts from the current version).
 * The editor's publish checks everything again.
 */
export function builderWeights(text: string | string[] | undefined, activeSymbols: readonly string[]): Record<string, string> | null {
  if (typeof text !== "string" || text.length > 400) return null;
  const weights: Record<string, string> = {};
  for (const part of text.split(",")) {
    const match = WEIGHT_PARAM.exec(part);
    if (!match || !activeSymbols.includes(match[1]!) || match[1]! in weights) return null;
    weights[match[1]!] = match[2]!;
  }
  return Object.keys(weights).length ? weights : null;
}
