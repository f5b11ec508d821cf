import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browser, createUser } from "../scripts/test/factories";
import { setPrices } from "../scripts/test/investing";
import { seedManyAccounts } from "../scripts/test/many-accounts";
import { startWorkflows, type Workflows } from "../scripts/test/workflows";
import { ManualClock } from "../scripts/workflows/clock";
import { db } from "@/lib/db";
import { publishModelVersion } from "@/lib/investing/models";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { sendToInngest } from "./send-outbox";

/**
 * A crash day at the size of a real book: 200,000 accounts all outside their band, through the stand-in that
 * enforces Inngest's limits (1,000 steps a run, 4 MB a step's output, 32 MB a run's state). Only the sweep and
 * the migration are served, so the 200,000 rebalances they ask for are received (and counted) but not run.
 */
const ACCOUNTS = 200_000;
let workflows: Workflows;
let balanced: { id: string; versionId: string };

beforeAll(async () => {
  workflows = await startWorkflows({
    select: (functions) => functions.filter((fn) => ["autovest-rebalance-sweep", "autovest-model-migration"].includes(fn.id("autovest"))),
    crons: ["autovest-rebalance-sweep"],
    clock: new ManualClock("2026-11-23T14:59:00Z"),
  });
  await setPrices();
  const model = await db.modelPortfolio.findUniqueOrThrow({ where: { slug: "balanced" }, include: { versions: true } });
  balanced = { id: model.id, versionId: model.versions[0]!.id };
  // Every account holds only VTI: 100% against the balanced model's 35%, a drift of 65%.
  await seedManyAccounts(ACCOUNTS, balanced.versionId);
}, 600_000);
afterAll(() => workflows.stop());

/** Events the stand-in received, by name (its own table of event ids, kept for its 24-hour dedupe). */
async function received(name: string, idPrefix: string): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM inngest_standin.events WHERE name = $1 AND id LIKE $2`, name, `${idPrefix}%`);
  return Number(row!.n);
}

const runsOf = (functionId: string) => workflows.executor.runs().filter((run) => run.functionId === functionId);

describe(`${ACCOUNTS.toLocaleString("en-US")} drifted accounts`, { timeout: 900_000 }, () => {
  it("the weekday sweep asks for one rebalance of each, once, in runs that stay inside Inngest's limits", async () => {
    workflows.clock.set("2026-11-23T15:00:00Z"); // Monday 15:00 UTC: the sweep's time
    await workflows.executor.waitFor(() => {
      const runs = runsOf("autovest-rebalance-sweep");
      return runs.length > 0 && runs.every((run) => run.status !== "running") ? true : undefined;
    }, 600_000);
    const runs = runsOf("autovest-rebalance-sweep");
    expect(runs.map((run) => run.status)).toEqual(runs.map(() => "completed"));
    // 100 pages of 2,000 in the first run; the rest (nothing) in the run it handed over to.
    expect(runs.map((run) => run.output)).toEqual([
      { rebalances: 100 * 2_000, pages: 100, continuedFrom: expect.any(String) },
      { rebalances: 0, pages: 1, continuedFrom: null },
    ]);
    for (const run of runs) expect(run.steps.length).toBeLessThanOrEqual(102);
    expect(await received("account/rebalance.requested", "rebalance-sweep:2026-11-23:")).toBe(ACCOUNTS);
  });

  it("a new version of their model moves every account, audited and announced once, in runs inside the limits", async () => {
    const admin = await createUser("ADMIN");
    const weights = { VTI: "40", BND: "20", VEA: "15", TIP: "5", IEF: "5", VWO: "5", VNQ: "5", GLD: "5" };
    const { model, outboxId } = await publishModelVersion(admin, balanced.id, { baseVersion: 1, weights, driftBand: "3" }, browser());
    await dispatchOutbox(sendToInngest, { ids: [outboxId] });
    await workflows.executor.waitFor(() => {
      const runs = runsOf("autovest-model-migration");
      return runs.length > 0 && runs.every((run) => run.status !== "running") ? true : undefined;
    }, 600_000);
    const runs = runsOf("autovest-model-migration");
    expect(runs.map((run) => run.status)).toEqual(runs.map(() => "completed"));
    expect(runs.map((run) => run.output)).toEqual([
      { moved: 200 * 1_000, batches: 200, superseded: false, continuedFrom: expect.any(String) },
      { moved: 0, batches: 1, superseded: false, continuedFrom: null },
    ]);
    for (const run of runs) expect(run.steps.length).toBeLessThanOrEqual(202);
    expect(await db.investmentAccount.count({ where: { modelVersionId: balanced.versionId } })).toBe(0);
    expect(await db.investmentAccount.count({ where: { modelVersionId: model.versionId } })).toBe(ACCOUNTS);
    expect(await db.auditLog.count({ where: { action: "ACCOUNT_MODEL_CHANGED", actorId: admin.id } })).toBe(ACCOUNTS);
    expect(await db.outboxEvent.count({ where: { name: "account/model.changed", sentAt: null } })).toBe(0);
    expect(await received("account/model.changed", "")).toBe(ACCOUNTS);
  });
});
