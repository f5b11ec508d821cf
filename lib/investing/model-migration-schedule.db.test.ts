import Decimal from "decimal.js";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../scripts/test/factories";
import { setPrices } from "../../scripts/test/investing";
import { seedManyAccounts } from "../../scripts/test/many-accounts";
import { db } from "../db";
import { Forbidden, InvalidInput } from "../errors";
import { migrationImpact, publishImpact } from "./model-migration-schedule";

/**
 * The publish form's preview at the size of a real book: 100,000 accounts on the growth model, each holding one
 * VTI share ($290.12) and no cash. Moving them to 60% VTI / 40% BND buys $116.048 of BND each (40% of $290.12), all
 * of it paid for by selling VTI: $232.096 traded per account, $23,209,600.00 in all.
 */
const ACCOUNTS = 100_000;
let growth: { id: string; versionId: string };

beforeAll(async () => {
  await setPrices();
  const model = await db.modelPortfolio.findUniqueOrThrow({ where: { slug: "growth" }, include: { versions: true } });
  growth = { id: model.id, versionId: model.versions[0]!.id };
  await seedManyAccounts(ACCOUNTS, growth.versionId);
  await db.$executeRawUnsafe(`ANALYZE`);
}, 600_000);

describe("what publishing a model version would move", () => {
  it("counts the accounts and the money traded in one query, fast enough for 100,000 accounts", async () => {
    const weights = new Map([
      ["VTI", new Decimal("0.6")],
      ["BND", new Decimal("0.4")],
    ]);
    const started = performance.now();
    const impact = await migrationImpact(growth.id, weights);
    const took = performance.now() - started;
    console.log(`migrationImpact over ${ACCOUNTS} accounts: ${took.toFixed(0)} ms`);
    expect(impact).toEqual({ accounts: ACCOUNTS, traded: 2_320_960_000n });
    expect(took).toBeLessThan(10_000);
  });

  it("is only for those who may publish, and checks the weights as publishing does", async () => {
    const admin = await createUser("ADMIN");
    const advisor = await createUser("ADVISOR");
    await expect(publishImpact(advisor, growth.id, { baseVersion: 1, weights: { VTI: "60", BND: "40" }, driftBand: "3" })).rejects.toThrow(Forbidden);
    await expect(publishImpact(admin, growth.id, { baseVersion: 1, weights: { VTI: "60", BND: "30" }, driftBand: "3" })).rejects.toThrow(InvalidInput);
    expect(await publishImpact(admin, growth.id, { baseVersion: 1, weights: { VTI: "60", BND: "40" }, driftBand: "3" })).toEqual({
      accounts: ACCOUNTS,
      traded: 2_320_960_000n,
    });
  });
});
