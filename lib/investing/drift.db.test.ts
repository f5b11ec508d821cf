import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createInvestor } from "../../scripts/test/factories";
import { setPrices } from "../../scripts/test/investing";
import { db } from "../db";
import { platformAccount } from "../ledger/accounts";
import { postJournalEntry } from "../ledger/post";
import { accountsOutsideBand } from "./drift-sweep";
import { accountDrift } from "./rebalance";

/** Hand-computed drift (sum of |weight − target| / 2, cash at a 0% target) against a 60/40 VTI/BND model. */
let versionId: string;

beforeAll(async () => {
  await setPrices({ VTI: "100", BND: "100", GLD: "50" });
  const model = await db.modelPortfolio.create({ data: { slug: `sixty-forty-${randomUUID()}`, name: "60/40", description: "test", minScore: 1, maxScore: 10 } });
  const [vti, bnd] = await Promise.all(["VTI", "BND"].map((symbol) => db.asset.findUniqueOrThrow({ where: { symbol } })));
  const version = await db.modelVersion.create({
    data: { modelId: model.id, version: 1, driftBand: "0.05", weights: { create: [{ assetId: vti!.id, weight: "0.6" }, { assetId: bnd!.id, weight: "0.4" }] } },
  });
  versionId = version.id;
});

/** An account on the 60/40 model holding `shares` and `cash` cents of available cash. */
async function account(shares: Record<string, string>, cash = 0n) {
  const { accountId, ledger } = await createInvestor({ verified: true });
  await db.investmentAccount.update({ where: { id: accountId }, data: { modelVersionId: versionId } });
  for (const [symbol, quantity] of Object.entries(shares)) {
    await db.holding.create({ data: { investmentAccountId: accountId, symbol, quantity, costBasis: 0n } });
  }
  if (cash > 0n) {
    await postJournalEntry(db, {
      idempotencyKey: `drift-cash:${accountId}`,
      kind: "DEPOSIT",
      postings: [
        { account: await platformAccount("STRIPE_CLEARING", accountId), amount: -cash },
        { account: ledger.INVESTOR_CASH, amount: cash },
      ],
    });
  }
  return accountId;
}

const driftOf = async (accountId: string) => (await accountDrift(accountId))!.drift.toString();

describe("drift, one definition for the sweep and every page", () => {
  it("is zero for an empty account and for one exactly on target; null without a model", async () => {
    expect(await driftOf(await account({}))).toBe("0");
    expect(await driftOf(await account({ VTI: "6", BND: "4" }))).toBe("0");
    expect(await accountDrift((await createInvestor()).accountId)).toBeNull();
  });

  it("is half the sum of the weight differences", async () => {
    // VTI $700 (70%) vs 60%, BND $300 (30%) vs 40% → (10% + 10%) / 2 = 10%
    expect(await driftOf(await account({ VTI: "7", BND: "3" }))).toBe("0.1");
  });

  it("counts uninvested cash as off target", async () => {
    // $500 cash only: cash 100% vs 0%, VTI 0 vs 60%, BND 0 vs 40% → (1 + 0.6 + 0.4) / 2 = 100%
    expect(await driftOf(await account({}, 50_000n))).toBe("1");
    // VTI $600, BND $300, cash $100 → |0.6−0.6| + |0.3−0.4| + 0.1 = 0.2 → 10%
    expect(await driftOf(await account({ VTI: "6", BND: "3" }, 10_000n))).toBe("0.1");
  });

  it("counts a holding outside the model entirely as drift, and the sweep finds the same figure", async () => {
    // GLD $100 of $1,000 with VTI $540, BND $360: |0.54−0.6| + |0.36−0.4| + 0.1 = 0.2 → 10%
    const held = await account({ VTI: "5.4", BND: "3.6", GLD: "2" });
    expect(await driftOf(held)).toBe("0.1");
    const swept = (await accountsOutsideBand()).find((a) => a.investmentAccountId === held);
    expect(swept?.drift.toString()).toBe("0.1");
  });

  it("is measured for a restricted account too, which the sweep leaves alone", async () => {
    const restricted = await account({ VTI: "7", BND: "3" });
    await db.investmentAccount.update({ where: { id: restricted }, data: { status: "RESTRICTED" } });
    expect(await driftOf(restricted)).toBe("0.1");
    expect((await accountsOutsideBand()).some((a) => a.investmentAccountId === restricted)).toBe(false);
  });
});
