import { describe, expect, it } from "vitest";
import { db } from "../lib/db";
import { publicStrategiesJson } from "../lib/strategies/api-views";
import { historyDays } from "./demo-history";
import { seedDemoData } from "./seed";

describe("the demo strategies", () => {
  it("are Balanced and Aggressive, published once, each with a track record over the demo history", async () => {
    await seedDemoData();
    await seedDemoData();
    expect(await db.auditLog.count({ where: { action: "STRATEGY_PUBLISHED" } })).toBe(2);

    const strategies = await publicStrategiesJson();
    expect(strategies.map((s) => s.slug)).toEqual(["balanced", "aggressive"]);
    const [first] = historyDays(new Date());
    for (const strategy of strategies) {
      expect(strategy.trackRecord?.afterFees.from).toBe(first);
      expect(strategy.trackRecord?.afterFees.sinceInception).toMatch(/^-?\d+\.\d{6}$/);
      // After fees is below before fees (about 0.25 % a year over the demo's 13 months).
      expect(Number(strategy.trackRecord!.afterFees.sinceInception)).toBeLessThan(Number(strategy.trackRecord!.beforeFees.sinceInception));
      // Over a year of history: a 12-month figure, and the since-inception return annualised.
      expect(strategy.trackRecord!.afterFees.oneYear).toMatch(/^-?\d+\.\d{6}$/);
      expect(strategy.trackRecord!.afterFees.sinceInceptionAnnualised).toMatch(/^-?\d+\.\d{6}$/);
      expect(strategy.trackRecord!.annualFeeRate).toBe("0.0025");
    }
    // Hana Holder alone is on Balanced: the count is not shown.
    expect(strategies[0]!.followers).toBe("Fewer than 5 investors follow this strategy");
  }, 240_000);
});
