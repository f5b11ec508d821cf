/**
 * Two of the demo's models are public strategies (Balanced and Aggressive), published by the demo admin through the
 * function the model page uses. The demo's five models are created by a migration when the database is, yet the demo
 * history (demo-history.ts) has Hana Holder invested on Balanced since its first day; a version's dates never change
 * (the database refuses it), so each model gets a version 0, with its first version's weights, published on that
 * first morning: the models as they stood when the demo's history begins, which gives the strategies a track record
 * over the demo prices. Seed-only, like the history's own moved times; a model that already has a version from
 * before that day (a database with real history) gets none.
 */
import { db } from "../lib/db";
import { NO_REQUEST_CONTEXT } from "../lib/http/request-context";
import { publishStrategy } from "../lib/strategies/publish";
import { historyDays } from "./demo-history";

export const DEMO_STRATEGIES: Record<string, string> = {
  balanced:
    "Half in stocks from around the world, the rest in bonds, real estate and gold: a middle road between growth and calm, rebalanced whenever it drifts.",
  aggressive:
    "Almost all stocks, with a tilt to international and emerging markets: the most growth we offer, and the deepest falls along the way. For long horizons only.",
};

export async function seedDemoStrategies(today = new Date()): Promise<void> {
  const [first] = historyDays(today);
  // That morning in New York, before the market opened.
  const morning = first ? new Date(`${first}T14:00:00Z`) : null;
  const models = morning ? await db.modelPortfolio.findMany({ where: { versions: { none: { publishedAt: { lte: morning } } } }, select: { id: true } }) : [];
  for (const model of models) {
    const earliest = await db.modelVersion.findFirstOrThrow({ where: { modelId: model.id }, orderBy: { version: "asc" }, include: { weights: true } });
    await db.modelVersion.create({
      data: {
        modelId: model.id,
        version: earliest.version - 1,
        driftBand: earliest.driftBand,
        publishedAt: morning!,
        weights: { createMany: { data: earliest.weights.map((w) => ({ assetId: w.assetId, weight: w.weight })) } },
      },
    });
  }
  const admin = await db.user.findUnique({ where: { email: "admin@autovest.dev" }, select: { id: true, email: true, name: true, role: true } });
  if (!admin) return;
  const actor = { ...admin, sessionId: "00000000-0000-0000-0000-000000000000" };
  const strategies = await db.modelPortfolio.findMany({ where: { slug: { in: Object.keys(DEMO_STRATEGIES) }, strategyPublishedAt: null }, select: { id: true, slug: true } });
  for (const model of strategies) await publishStrategy(actor, model.id, { description: DEMO_STRATEGIES[model.slug] }, NO_REQUEST_CONTEXT);
}
