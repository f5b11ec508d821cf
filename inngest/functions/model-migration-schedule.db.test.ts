import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browser, createUser } from "../../scripts/test/factories";
import { startWorkflows, type Workflows } from "../../scripts/test/workflows";
import { ManualClock } from "../../scripts/workflows/clock";
import { db } from "@/lib/db";
import { Conflict } from "@/lib/errors";
import { cancelScheduledMigration } from "@/lib/investing/model-migration-schedule";
import { publishModelVersion } from "@/lib/investing/models";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { tradeDate } from "@/lib/tax/holding-period";
import { sendToInngest } from "../send-outbox";

/**
 * A model version published for a later date, through the app's serve() handler and the local stand-in: the
 * migration sleeps until that date (New York midnight) and moves nobody before it; canceling the schedule ends it.
 * The stand-in's clock starts at the real time, so the date checks at publishing and the sleep agree.
 */
const clock = new ManualClock(new Date());
let workflows: Workflows;

beforeAll(async () => {
  workflows = await startWorkflows({ clock, select: (functions) => functions.filter((fn) => fn.id("autovest") === "autovest-model-migration") });
});
afterAll(() => workflows.stop());

const WEIGHTS = { SGOV: "10", BND: "30", TIP: "25", IEF: "10", VTI: "12", VEA: "8", GLD: "5" };

/** Three accounts on version 1 of a model, and that version published anew for the day after tomorrow (New York). */
async function scheduledVersion(slug: string) {
  const admin = await createUser("ADMIN");
  const owner = await createUser("INVESTOR");
  const model = await db.modelPortfolio.findUniqueOrThrow({ where: { slug }, include: { versions: true } });
  const v1 = model.versions[0]!.id;
  const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  await db.investmentAccount.createMany({ data: ids.map((id) => ({ id, userId: owner.id, modelVersionId: v1 })) });
  const migrateOn = tradeDate(new Date(clock.now().getTime() + 2 * 86_400_000));
  const published = await publishModelVersion(admin, model.id, { baseVersion: 1, weights: WEIGHTS, driftBand: "3", migrateOn }, browser());
  await dispatchOutbox(sendToInngest, { ids: [published.outboxId] });
  const followed = async () => (await db.investmentAccount.findMany({ where: { id: { in: ids } } })).map((a) => a.modelVersionId);
  return { admin, v1, v2: published.model.versionId, migrateAt: published.migrateAt!, followed };
}

const runOf = (versionId: string) => workflows.executor.runs().find((run) => run.functionId === "autovest-model-migration" && run.event.data.versionId === versionId);

describe("a model version published for a later date", () => {
  it("moves nobody until the date, then everyone", async () => {
    const { v1, v2, migrateAt, followed } = await scheduledVersion("conservative");
    expect(migrateAt.toISOString()).toMatch(/T0[45]:00:00\.000Z$/); // midnight in New York
    const sleeping = await workflows.executor.waitFor(() => {
      const run = runOf(v2);
      return run?.state === "sleeping" ? run : undefined;
    });
    expect(sleeping.wakeAt).toEqual(migrateAt);
    expect(await followed()).toEqual([v1, v1, v1]);

    clock.set(new Date(migrateAt.getTime() - 60_000));
    expect(await followed()).toEqual([v1, v1, v1]);
    clock.set(new Date(migrateAt.getTime() + 60_000));
    const run = await workflows.executor.waitForRun("autovest-model-migration", (r) => r.event.data.versionId === v2);
    expect(run.status).toBe("completed");
    expect(run.output).toMatchObject({ moved: 3 });
    expect(await followed()).toEqual([v2, v2, v2]);
  });

  it("is called off by canceling the schedule: the waiting run ends and nobody moves", async () => {
    const { admin, v1, v2, followed } = await scheduledVersion("moderately-conservative");
    await workflows.executor.waitFor(() => (runOf(v2)?.state === "sleeping" ? true : undefined));

    const canceled = await cancelScheduledMigration(admin, v2, browser());
    await dispatchOutbox(sendToInngest, { ids: [canceled.outboxId] });
    const run = await workflows.executor.waitForRun("autovest-model-migration", (r) => r.event.data.versionId === v2);
    expect(run.status).toBe("cancelled");
    expect(await followed()).toEqual([v1, v1, v1]);
    expect(await db.auditLog.count({ where: { action: "MODEL_MIGRATION_CANCELED", details: { path: ["versionId"], equals: v2 } } })).toBe(1);
    await expect(cancelScheduledMigration(admin, v2, browser())).rejects.toThrow(Conflict);
    await expect(cancelScheduledMigration(admin, v2, browser())).rejects.toThrow("already canceled");
  });
});
