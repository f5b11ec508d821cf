import Decimal from "decimal.js";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { isStaff } from "../auth/roles";
import type { CurrentUser } from "../auth/sessions";
import type { Tx } from "../db";
import { db } from "../db";
import { BadRequest, Conflict, Forbidden, InvalidInput, NotFound } from "../errors";
import type { AssetClass } from "../generated/prisma/client";
import type { RequestContext } from "../http/request-context";
import { enqueue } from "../outbox/outbox";
import { parseInput } from "../validation";
import { migrationStart } from "./migration-date";
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

// ---------------------------------------------------------------------------------------------------------
// Managing models: staff see every model and how many accounts follow each version; admins, and advisors an
// admin allowed, publish new versions. A published version never changes, so an edit is always a new version.

/** Weights are entered in percent with up to 4 decimals: a fraction stored to 6 places (Decimal(7,6)). */
export const WEIGHT_PERCENT_PLACES = 4;
/** The drift band is entered in percent with up to 2 decimals (a fraction stored to 4 places), within these limits. */
export const DRIFT_BAND_PERCENT = { min: new Decimal(1), max: new Decimal(10), places: 2 } as const;

const HUNDRED = new Decimal(100);

/** A fraction as the percentage people type: 0.333333 → "33.3333", 0.35 → "35". */
export function percentText(fraction: Decimal): string {
  return fraction.times(HUNDRED).toFixed();
}

export interface ModelEdit {
  /** The version the editor started from: publishing refuses if another was published meanwhile. */
  baseVersion: number;
  /** Symbol → fraction, only the assets with a weight above zero, by symbol. */
  weights: Map<string, Decimal>;
  /** Fraction (0.03 = 3%). */
  driftBand: Decimal;
}

const editShape = z.object({
  baseVersion: z.coerce.number({ error: "Reload the page and edit again." }).int().min(0),
  weights: z.record(z.string(), z.string({ error: "Enter a percentage, e.g. 12.5." }), { error: "Give each asset a weight." }),
  driftBand: z.string({ error: "Enter the drift band." }),
});

const PERCENT = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A percentage typed into the form, as a Decimal, or what is wrong with it. */
function parsePercent(text: string, places: number): Decimal | "not a number" | "negative" | "too precise" {
  const match = PERCENT.exec(text);
  if (!match) return "not a number";
  if (match[1]) return "negative";
  if ((match[3] ?? "").length > places) return "too precise";
  return new Decimal(text);
}

const NOT_A_NUMBER = "Enter a percentage, e.g. 12.5.";
const tooPrecise = (places: number) => `Use at most ${places} decimal places.`;

function weightError(text: string): Decimal | string {
  if (text === "") return new Decimal(0);
  const percent = parsePercent(text, WEIGHT_PERCENT_PLACES);
  if (percent === "not a number") return NOT_A_NUMBER;
  if (percent === "negative") return "A weight cannot be negative.";
  if (percent === "too precise") return tooPrecise(WEIGHT_PERCENT_PLACES);
  return percent.greaterThan(HUNDRED) ? "A weight cannot be more than 100%." : percent;
}

function driftBandError(text: string): Decimal | string {
  if (text === "") return "Enter the drift band.";
  const percent = parsePercent(text, DRIFT_BAND_PERCENT.places);
  if (percent === "not a number") return NOT_A_NUMBER;
  if (percent === "too precise") return tooPrecise(DRIFT_BAND_PERCENT.places);
  if (percent === "negative" || percent.lessThan(DRIFT_BAND_PERCENT.min) || percent.greaterThan(DRIFT_BAND_PERCENT.max)) {
    return `The drift band must be between ${DRIFT_BAND_PERCENT.min.toFixed()}% and ${DRIFT_BAND_PERCENT.max.toFixed()}%.`;
  }
  return percent;
}

/**
 * Checks a model edit with decimal arithmetic (never floats): each weight 0–100% with at most 4 decimals, only
 * the active assets given, at least two assets, weights adding up to exactly 100%, and a drift band within
 * limits. Blank weights are 0%. Throws InvalidInput with a message for each field (`weights.<SYMBOL>`, `driftBand`).
 */
export function parseModelEdit(input: unknown, activeSymbols: readonly string[]): ModelEdit {
  const shape = parseInput(editShape, input);
  const known = new Set(activeSymbols);
  const unknown = Object.keys(shape.weights).filter((symbol) => !known.has(symbol));
  if (unknown.length) {
    const message = `Only known, active assets can be in a model: ${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} not.`;
    throw new InvalidInput(message, Object.fromEntries(unknown.map((symbol) => [`weights.${symbol}`, message])));
  }
  const fields: Record<string, string> = {};
  const weights = new Map<string, Decimal>();
  for (const symbol of Object.keys(shape.weights).sort()) {
    const percent = weightError(shape.weights[symbol]!.trim());
    if (typeof percent === "string") fields[`weights.${symbol}`] = percent;
    else if (!percent.isZero()) weights.set(symbol, percent.dividedBy(HUNDRED));
  }
  const band = driftBandError(shape.driftBand.trim());
  if (typeof band === "string") fields.driftBand = band;
  if (Object.keys(fields).length || typeof band === "string") throw new InvalidInput("Please correct the highlighted fields.", fields);

  if (weights.size < 2) throw new InvalidInput("A model needs at least two assets.");
  const total = [...weights.values()].reduce((sum, weight) => sum.plus(weight), new Decimal(0));
  if (!total.equals(1)) throw new InvalidInput(`Weights add up to ${percentText(total)}%; they must add up to exactly 100%.`);
  return { baseVersion: shape.baseVersion, weights, driftBand: band.dividedBy(HUNDRED) };
}

/** Admins always may edit models; an advisor only with the permission an admin gave (read fresh, not from the session). */
export async function canManageModels(actor: CurrentUser): Promise<boolean> {
  if (actor.role === "ADMIN") return true;
  if (actor.role !== "ADVISOR") return false;
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { role: true, canManageModels: true } });
  return user?.role === "ADVISOR" && user.canManageModels;
}

function assertStaff(actor: CurrentUser): void {
  if (!isStaff(actor.role)) throw new Forbidden("Only advisors and admins see model portfolios.");
}

export interface ModelVersionSummary {
  id: string;
  version: number;
  driftBand: Decimal;
  publishedAt: Date;
  /** Investment accounts following this version. */
  accounts: number;
  /** When the accounts on older versions move to it (null: at publishing), and whether that schedule was called off. */
  migrateAt: Date | null;
  migrationCanceledAt: Date | null;
  /** Its migration waits for a later date and was not called off. */
  migrationScheduled: boolean;
}

export interface ModelOverview extends ModelView {
  minScore: number;
  maxScore: number;
  publishedAt: Date;
  /** Every version, newest first. */
  versions: ModelVersionSummary[];
}

/** Every model (or one) with its current version's weights and how many accounts follow each version. */
async function modelOverviews(modelId?: string): Promise<ModelOverview[]> {
  const [models, counts] = await Promise.all([
    db.modelPortfolio.findMany({
      where: modelId ? { id: modelId } : {},
      orderBy: { minScore: "asc" },
      include: { versions: { orderBy: { version: "desc" }, include: { weights: versionInclude.weights } } },
    }),
    db.investmentAccount.groupBy({
      by: ["modelVersionId"],
      where: modelId ? { modelVersion: { modelId } } : { modelVersionId: { not: null } },
      _count: { _all: true },
    }),
  ]);
  const accounts = new Map(counts.map((row) => [row.modelVersionId, row._count._all]));
  return models.flatMap(({ versions, ...model }) => {
    const [latest] = versions;
    if (!latest) return [];
    return [
      {
        ...toView({ ...latest, model }),
        minScore: model.minScore,
        maxScore: model.maxScore,
        publishedAt: latest.publishedAt,
        versions: versions.map((v) => ({
          id: v.id,
          version: v.version,
          driftBand: new Decimal(v.driftBand.toString()),
          publishedAt: v.publishedAt,
          accounts: accounts.get(v.id) ?? 0,
          migrateAt: v.migrateAt,
          migrationCanceledAt: v.migrationCanceledAt,
          migrationScheduled: v.migrateAt !== null && v.migrationCanceledAt === null && v.migrateAt.getTime() > Date.now(),
        })),
      },
    ];
  });
}

/** The models page: every model for staff, and whether this person may edit them. */
export async function listModelOverviews(actor: CurrentUser): Promise<{ models: ModelOverview[]; canEdit: boolean }> {
  assertStaff(actor);
  const [models, canEdit] = await Promise.all([modelOverviews(), canManageModels(actor)]);
  return { models, canEdit };
}

export interface EditableAsset {
  symbol: string;
  name: string;
  assetClass: AssetClass;
}

/** One model for its page, the assets an edit may use, and whether this person may edit it. */
export async function modelForEditing(actor: CurrentUser, modelId: string): Promise<{ model: ModelOverview; assets: EditableAsset[]; canEdit: boolean }> {
  assertStaff(actor);
  const id = z.uuid().safeParse(modelId);
  const [model] = id.success ? await modelOverviews(id.data) : [];
  if (!model) throw new NotFound("No such model.");
  const [assets, canEdit] = await Promise.all([
    db.asset.findMany({ where: { active: true }, orderBy: [{ assetClass: "asc" }, { symbol: "asc" }], select: { symbol: true, name: true, assetClass: true } }),
    canManageModels(actor),
  ]);
  return { model, assets, canEdit };
}

const fractions = (weights: Map<string, Decimal>) => Object.fromEntries([...weights].map(([symbol, weight]) => [symbol, weight.toFixed()]));

function sameWeights(a: Map<string, Decimal>, b: Map<string, Decimal>): boolean {
  return a.size === b.size && [...a].every(([symbol, weight]) => b.get(symbol)?.equals(weight) === true);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

/**
 * Publishes version n+1 of a model from an edit of version n, audited with the old and new weights, and writes
 * `model/version.published` to the outbox (send it after the commit): the model-migration workflow then moves
 * the accounts on older versions to it, at once or from the New York date given as `migrateOn`. The model row is locked, so two publishes at once run one after the
 * other and the second, which started from a version that is no longer current, is refused (the unique
 * (modelId, version) would refuse a second n+1 anyway).
 */
export async function publishModelVersion(
  actor: CurrentUser,
  modelId: string,
  input: unknown,
  context: RequestContext,
): Promise<{ model: ModelView; outboxId: string; migrateAt: Date | null }> {
  if (!(await canManageModels(actor))) throw new Forbidden("You can view models, but not edit them: ask an admin for the permission.");
  const id = z.uuid().safeParse(modelId);
  if (!id.success) throw new NotFound("No such model.");
  const assets = await db.asset.findMany({ where: { active: true }, select: { id: true, symbol: true } });
  const edit = parseModelEdit(input, assets.map((asset) => asset.symbol));
  // A New York date to move the accounts from (the migration waits until then), or none: at once.
  const migrateAt = migrationStart(input && typeof input === "object" ? (input as Record<string, unknown>).migrateOn : undefined, new Date());
  const assetIds = new Map(assets.map((asset) => [asset.symbol, asset.id]));
  let published: { versionId: string; outboxId: string };
  try {
    published = await db.$transaction(async (tx) => {
      const [model] = await tx.$queryRaw<{ id: string; slug: string; name: string }[]>`
        SELECT "id", "slug", "name" FROM "ModelPortfolio" WHERE "id" = ${id.data}::uuid FOR UPDATE`;
      if (!model) throw new NotFound("No such model.");
      const current = await tx.modelVersion.findFirst({
        where: { modelId: model.id },
        orderBy: { version: "desc" },
        include: { weights: { select: { weight: true, asset: { select: { symbol: true } } } } },
      });
      const currentVersion = current?.version ?? 0;
      if (edit.baseVersion !== currentVersion) {
        throw new Conflict(`Version ${currentVersion} of ${model.name} was published while you were editing: review it and edit again.`);
      }
      const before = new Map(current?.weights.map((w) => [w.asset.symbol, new Decimal(w.weight.toString())]) ?? []);
      const beforeBand = current ? new Decimal(current.driftBand.toString()) : null;
      if (beforeBand?.equals(edit.driftBand) && sameWeights(before, edit.weights)) throw new BadRequest("unchanged", "Nothing changed.");
      const version = await tx.modelVersion.create({
        data: {
          modelId: model.id,
          version: currentVersion + 1,
          driftBand: edit.driftBand.toFixed(4),
          migrateAt,
          weights: { createMany: { data: [...edit.weights].map(([symbol, weight]) => ({ assetId: assetIds.get(symbol)!, weight: weight.toFixed(6) })) } },
        },
        select: { id: true, version: true },
      });
      await recordAudit(tx, {
        action: "MODEL_PUBLISHED",
        actorId: actor.id,
        target: { type: "ModelPortfolio", id: model.id },
        context,
        details: {
          model: model.slug,
          version: version.version,
          versionId: version.id,
          driftBand: { from: beforeBand?.toFixed() ?? null, to: edit.driftBand.toFixed() },
          weights: { from: fractions(before), to: fractions(edit.weights) },
          migrateAt: migrateAt?.toISOString() ?? null,
        },
      });
      const outboxId = await enqueue(tx, {
        name: "model/version.published",
        data: { modelId: model.id, versionId: version.id, version: version.version, publishedBy: actor.id, migrateAt: migrateAt?.toISOString() ?? null },
      });
      return { versionId: version.id, outboxId };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new Conflict("Another version of this model was published at the same moment: review it and edit again.");
    throw error;
  }
  return { model: (await modelVersion(published.versionId))!, outboxId: published.outboxId, migrateAt };
}

const permissionInput = z.object({
  userId: z.uuid({ error: "Unknown account." }),
  allowed: z.enum(["true", "false"], { error: "Choose to allow or remove the permission." }).transform((value) => value === "true"),
});

/** An admin allows an advisor to edit and publish models, or takes it back; audited, and refused if nothing changes. */
export async function setModelPermission(actor: CurrentUser, input: unknown, context: RequestContext): Promise<{ name: string; allowed: boolean }> {
  if (actor.role !== "ADMIN") throw new Forbidden("Only an admin can change who manages models.");
  const { userId, allowed } = parseInput(permissionInput, input);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { role: true, name: true } });
    if (!user) throw new NotFound("Unknown account.");
    if (user.role !== "ADVISOR") throw new BadRequest("not_an_advisor", "Only advisors are given this permission: admins always have it.");
    const changed = await tx.user.updateMany({ where: { id: userId, canManageModels: !allowed }, data: { canManageModels: allowed } });
    if (changed.count !== 1) throw new Conflict(allowed ? `${user.name} can already manage models.` : `${user.name} already cannot manage models.`);
    await recordAudit(tx, {
      action: "MODEL_PERMISSION_CHANGED",
      actorId: actor.id,
      target: { type: "User", id: userId },
      context,
      details: { canManageModels: allowed },
    });
    return { name: user.name, allowed };
  });
}

/** The advisors allowed to manage models (for the admin's accounts page). */
export async function modelManagerIds(actor: CurrentUser): Promise<Set<string>> {
  if (actor.role !== "ADMIN") throw new Forbidden("Only an admin can change who manages models.");
  const rows = await db.user.findMany({ where: { role: "ADVISOR", canManageModels: true }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}
