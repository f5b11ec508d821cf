import { describe, expect, it } from "vitest";
import { createUser } from "../../../scripts/test/factories";
import { db } from "../../db";
import { Forbidden } from "../../errors";
import { builderWeights, modelBuilder } from "./builder";

/** 40 weekdays of closes for every asset: each moves by its own small daily pattern (SGOV never moves). */
async function seedBars() {
  const assets = await db.asset.findMany({ where: { tradable: true }, orderBy: { symbol: "asc" } });
  const days: string[] = [];
  for (let day = new Date("2026-01-05T00:00:00Z"); days.length < 40; day = new Date(day.getTime() + 86_400_000)) {
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) days.push(day.toISOString().slice(0, 10));
  }
  await db.priceBar.createMany({
    data: assets.flatMap((asset, a) =>
      days.map((date, k) => {
        const close = asset.symbol === "SGOV" ? "100" : (100 * (1 + 0.002 * a) ** k * (1 + 0.01 * Math.sin(k * (a + 1)))).toFixed(6);
        return { assetId: asset.id, date: new Date(date), open: close, high: close, low: close, close, source: "test" };
      }),
    ),
    skipDuplicates: true,
  });
}

describe("the model builder", () => {
  it("is only for staff who may edit models", async () => {
    const advisor = await createUser("ADVISOR");
    await expect(modelBuilder(advisor, {})).rejects.toThrow(Forbidden);
    const investor = await createUser("INVESTOR");
    await expect(modelBuilder(investor, {})).rejects.toThrow(Forbidden);
  });

  it("draws the frontier from stored history with every model on the same axes, and backtests the chosen point", async () => {
    await seedBars();
    const admin = await createUser("ADMIN");
    const view = await modelBuilder(admin, { window: "all", maxWeight: "60" });
    if (view.status !== "ok") throw new Error(view.message);
    const { result } = view;
    expect(result.estimates.observations).toBe(39);
    expect(result.frontier).toHaveLength(15);
    expect(result.models.map((m) => m.name)).toEqual(["Conservative", "Moderately conservative", "Balanced", "Growth", "Aggressive"]);
    for (const point of result.frontier) {
      expect(point.weights.reduce((sum, w) => sum + w, 0)).toBeCloseTo(1, 9);
      expect(Math.max(...point.weights)).toBeLessThanOrEqual(0.6 + 1e-9);
    }
    expect(result.picked.backtest?.index[0]).toBe(1);
    expect(result.picked.backtest?.dates).toHaveLength(40);
    // The same query again comes from the cache.
    const again = await modelBuilder(admin, { window: "all", maxWeight: "60" });
    expect(again.status === "ok" && again.result.cached).toBe(true);
  });

  it("explains bad inputs instead of computing", async () => {
    const admin = await createUser("ADMIN");
    const view = await modelBuilder(admin, { assets: "VTI,NOPE" });
    expect(view).toMatchObject({ status: "unavailable", message: expect.stringContaining("NOPE") });
    expect(builderWeights("VTI:40.5,BND:59.5", ["VTI", "BND"])).toEqual({ VTI: "40.5", BND: "59.5" });
    expect(builderWeights("VTI:40.5,XXX:59.5", ["VTI", "BND"])).toBeNull();
  });
});
