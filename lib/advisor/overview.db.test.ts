import { beforeAll, describe, expect, it } from "vitest";
import { createInvestor, createUser } from "../../scripts/test/factories";
import { BALANCED_1000, fundedInvestor, investAll, setPrices } from "../../scripts/test/investing";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { Forbidden } from "../errors";
import { overviewFor } from "./overview";

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

// Wednesday, Nov 18, 2026, 10:00 in New York: the market is open.
const NOW = new Date("2026-11-18T15:00:00Z");
let advisor: CurrentUser;

beforeAll(async () => {
  await setPrices();
  advisor = await createUser("ADVISOR");
  const invested = await fundedInvestor(100_000n); // a $1,000 deposit, posted now
  await investAll(invested.accountId);
  const waiting = await createInvestor();
  await db.kycProfile.create({
    data: {
      userId: waiting.user.id,
      status: "PENDING_REVIEW",
      legalName: "Wren Waiting",
      addressLine1: "1 Elm St",
      city: "Austin",
      region: "TX",
      postalCode: "73301",
      country: "US",
      taxIdSealed: "sealed",
      taxIdLast4: "9999",
      dateOfBirthSealed: "sealed",
      documentKey: "00000000-0000-4000-8000-000000000001",
      documentType: "image/png",
      documentSha256: "0".repeat(64),
      submittedAt: NOW,
    },
  });
  await db.user.updateMany({ where: { id: { in: [invested.user.id, waiting.user.id] } }, data: { advisorId: advisor.id } });
  // Another advisor's client, with $500 of cash: in the admin's book, not in this advisor's.
  await fundedInvestor(50_000n);

  await db.$executeRaw`UPDATE "AssetPrice" SET "asOf" = ${new Date(NOW.getTime() - 60_000)}`;
  await db.$executeRaw`UPDATE "AssetPrice" SET "asOf" = ${new Date(NOW.getTime() - 20 * 60_000)} WHERE "assetId" = (SELECT "id" FROM "Asset" WHERE "symbol" = 'GLD')`;
  await db.workflowRun.create({ data: { runId: "run-failed", functionId: "invest-account", eventName: "deposit/settled", eventData: {}, status: "FAILED", error: "broker down", finishedAt: new Date(NOW.getTime() - 3_600_000) } });
  await db.workflowRun.create({ data: { runId: "run-old-failure", functionId: "invest-account", eventName: "deposit/settled", eventData: {}, status: "FAILED", finishedAt: new Date(NOW.getTime() - 3 * 86_400_000) } });
  await db.workflowRun.create({ data: { runId: "run-stuck", functionId: "rebalance-account", eventName: "account/rebalance.requested", eventData: {}, status: "RUNNING" } });
  await db.workflowRun.create({ data: { runId: "run-busy", functionId: "rebalance-account", eventName: "account/rebalance.requested", eventData: {}, status: "RUNNING" } });
  await db.$executeRaw`UPDATE "WorkflowRun" SET "updatedAt" = ${new Date(NOW.getTime() - 45 * 60_000)} WHERE "runId" = 'run-stuck'`;
  await db.$executeRaw`UPDATE "WorkflowRun" SET "updatedAt" = ${new Date(NOW.getTime() - 5 * 60_000)} WHERE "runId" = 'run-busy'`;
});

describe("the advisor dashboard's overview", () => {
  it("sums an advisor's own book: assets, clients, flows, pending identity checks", async () => {
    const overview = await overviewFor(advisor, NOW);
    // $1,000 deposited and invested at the demo prices (worked out in BALANCED_1000): $999.92.
    expect(overview.assetsUnderManagement).toBe(BALANCED_1000.value);
    expect(overview).toMatchObject({ clients: 2, pendingKyc: 1, outsideDriftBand: 0 });
    // Flows count from the real clock: the deposit was posted as the test ran.
    const live = await overviewFor(advisor);
    expect(live.netFlowsToday).toBe(100_000n);
    expect(live.netFlows30Days).toBe(100_000n);
  });

  it("shows an admin everyone's money", async () => {
    const admin = await createUser("ADMIN");
    const overview = await overviewFor(admin);
    expect(overview.clients).toBe(3);
    expect(overview.netFlowsToday).toBe(150_000n);
    expect(overview.assetsUnderManagement).toBe(BALANCED_1000.value + 50_000n); // and the other client's $500 of cash
  });

  it("reports failed and stuck workflow runs and stale prices to every advisor", async () => {
    const overview = await overviewFor(advisor, NOW);
    expect(overview.failedRuns24h).toBe(1);
    expect(overview.stuckRuns).toBe(1);
    expect(overview.stalePrices).toEqual(["GLD"]);
    // Saturday: the market is closed, so old prices are not stale.
    expect((await overviewFor(advisor, new Date("2026-11-21T15:00:00Z"))).stalePrices).toEqual([]);
  });

  it("is for staff only", async () => {
    expect(await errorOf(overviewFor(await createUser("INVESTOR")))).toBeInstanceOf(Forbidden);
  });
});
