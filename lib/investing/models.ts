import Decimal from "decimal.js";
import type { Tx } from "../db";
import { db } from "../db";
import type { AssetClass } from "../generated/prisma/client";
import type { Target } from "./plan";

export interface ModelAllocation {
  symbol: string;
  name: string;
  assetClass: AssetClass;
  /** Fraction of the portfolio (0.35 = 35%). */
  weight: Decimal;
}

export interface ModelView {
  id: string;
  slug: string;
  name: string;
  description: string;
  versionId: string;
  version: number;
  driftBand: Decimal;
  allocation: ModelAllocation[];
}

const versionInclude = {
  model: true,
  weights: { include: { asset: { select: { symbol: true, name: true, assetClass: true } } } },
} as const;

type VersionRow = {
  id: string;
  version: number;
  driftBand: { toString(): string };
  model: { id: string; slug: string; name: string; description: string };
  weights: { weight: { toString(): string }; asset: { symbol: string; name: string; assetClass: AssetClass } }[];
};

function toView(row: VersionRow): ModelView {
  return {
    id: row.model.id,
    slug: row.model.slug,
    name: row.model.name,
    description: row.model.description,
    versionId: row.id,
    version: row.version,
    driftBand: new Decimal(row.driftBand.toString()),
    allocation: row.weights
      .map((w) => ({ ...w.asset, weight: new Decimal(w.weight.toString()) }))
      .sort((a, b) => b.weight.comparedTo(a.weight) || a.symbol.localeCompare(b.symbol)),
  };
}

/** The newest version of the model whose risk band holds `score`. */
export async function latestModelForScore(client: Tx | typeof db, score: number): Promise<ModelView> {
  const row = await client.modelVersion.findFirst({
    where: { model: { minScore: { lte: score }, maxScore: { gte: score } } },
    orderBy: { version: "desc" },
    include: versionInclude,
  });
  if (!row) throw new Error(`no model portfolio covers risk score ${score}`);
  return toView(row);
}

const VERSION_CACHE_MS = 60_000;
const versionCache = new Map<string, { until: number; view: Promise<ModelView | null> }>();

/**
 * A model version by id. A published version's weights never change (the database refuses it), so every page
 * and API read shares one copy for a minute; only the model's name and description could be that stale.
 */
export async function modelVersion(versionId: string): Promise<ModelView | null> {
  const now = Date.now();
  const cached = versionCache.get(versionId);
  if (cached && cached.until > now) return cached.view;
  const view = db.modelVersion.findUnique({ where: { id: versionId }, include: versionInclude }).then((row) => (row ? toView(row) : null));
  versionCache.set(versionId, { until: now + VERSION_CACHE_MS, view });
  view.catch(() => versionCache.delete(versionId));
  return view;
}

/** The newest version of every model, from conservative to aggressive. */
export async function listModels(): Promise<ModelView[]> {
  const models = await db.modelPortfolio.findMany({
    orderBy: { minScore: "asc" },
    include: { versions: { orderBy: { version: "desc" }, take: 1, include: { weights: versionInclude.weights } } },
  });
  return models.flatMap((model) => model.versions.map((version) => toView({ ...version, model })));
}

export function targetsOf(model: ModelView): Target[] {
  return model.allocation.map((a) => ({ symbol: a.symbol, weight: a.weight }));
}
