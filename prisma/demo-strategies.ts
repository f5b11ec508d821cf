/**
 * Two of the demo's models are public strategies (Balanced and Aggressive), published by the demo admin through the
 * function the model page uses. The demo's five models were created by a migration when the database was, yet the
 * demo history (demo-history.ts) has Hana Holder invested on Balanced since its first day: so each model's first
 * version is dated to that day (seed-only, like the history's own moved times), which gives the strategies a track
 * record over the demo's prices. A database with real history (seed:large, production) is never touched.
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
  if (first) {
    // That morning in New York, before the market opened.
    const morning = new Date(`${first}T14:00:00Z`);
    await db.modelVersion.updateMany({ where: { version: 1, publishedAt: { gt: morning } }, data: { publishedAt: morning } });
  }
  const admin = await db.user.findUnique({ where: { email: "admin@autovest.dev" }, select: { id: true, email: true, name: true, role: true } });
  if (!admin) return;
  const actor = { ...admin, sessionId: "00000000-0000-0000-0000-000000000000" };
  const models = await db.modelPortfolio.findMany({ where: { slug: { in: Object.keys(DEMO_STRATEGIES) }, strategyPublishedAt: null }, select: { id: true, slug: true } });
  for (const model of models) await publishStrategy(actor, model.id, { description: DEMO_STRATEGIES[model.slug] }, NO_REQUEST_CONTEXT);
}
