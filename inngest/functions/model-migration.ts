import { eventType } from "inngest";
import { z } from "zod";
import { moveAccountsToVersion } from "@/lib/investing/model-migration";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { inngest } from "../client";
import { sendToInngest } from "../send-outbox";
import { pageThrough } from "./fan-out";

const published = z.object({
  modelId: z.string(),
  versionId: z.string(),
  version: z.number(),
  publishedBy: z.string(),
  /** The instant the accounts move from (a New York date's midnight); absent or null: at once. */
  migrateAt: z.string().nullable().optional(),
});

/** A new version of a model was published (sent through the outbox after the commit). */
export const modelVersionPublished = eventType("model/version.published", { schema: published });

/** The rest of a migration that did not fit in one run. */
export const modelMigrationContinued = eventType("model/migration.continued", { schema: published.extend({ after: z.string() }) });

/** An advisor called off a scheduled migration (through the outbox): the waiting run ends. */
export const modelMigrationCanceled = eventType("model/migration.canceled", { schema: z.object({ modelId: z.string(), versionId: z.string() }) });

/** Accounts moved per step: one transaction of a few set-based statements. */
export const MIGRATION_BATCH = 1_000;
/** Batches per run: 200,000 accounts in one run; more continue in another. */
export const MIGRATION_BATCHES_PER_RUN = 200;

/**
 * Moves every account following an older version of the model to the new one, a batch per step (keyset by
 * account id); each moved account gets an `account/model.changed` event, so the rebalance workflow trades it to
 * the new weights (each of those runs waits for the market and for any trading halt on its own). Past
 * MIGRATION_BATCHES_PER_RUN batches the rest continues in a new run, so no run nears Inngest's step limit.
 * A version published with a date first sleeps until then; the schedule's cancellation or a newer version ends the
 * wait (cancelOn), and each batch checks both again in the database.
 */
export const modelMigration = inngest.createFunction(
  {
    id: "model-migration",
    triggers: [modelVersionPublished, modelMigrationContinued],
    concurrency: { key: "event.data.modelId", limit: 1 },
    retries: 10,
    cancelOn: [
      { event: modelMigrationCanceled, if: "async.data.versionId == event.data.versionId" },
      { event: modelVersionPublished, if: "async.data.modelId == event.data.modelId && async.data.version > event.data.version" },
    ],
  },
  async ({ event, step }) => {
    const { versionId, publishedBy } = event.data;
    if (event.data.migrateAt && !("after" in event.data)) await step.sleepUntil("wait for the scheduled date", event.data.migrateAt);
    const result = await pageThrough(step, {
      after: "after" in event.data ? event.data.after : null,
      maxPagesPerRun: MIGRATION_BATCHES_PER_RUN,
      page: async (after) => {
        const done = await moveAccountsToVersion(versionId, { after, limit: MIGRATION_BATCH, actorId: publishedBy });
        // Events a failed send leaves in the outbox go out with the next sweep.
        if (done.outboxIds.length) await dispatchOutbox(sendToInngest, { ids: done.outboxIds });
        const stopped = done.superseded ? "superseded by a newer version" : done.canceled ? "the schedule was canceled" : null;
        return { last: done.last, count: done.moved, ...(stopped ? { stopped } : {}) };
      },
      continuation: (after) => ({
        id: `model-migration:${versionId}:after:${after}`,
        name: modelMigrationContinued.name,
        data: { ...event.data, after },
      }),
    });
    return {
      moved: result.count,
      batches: result.pages,
      superseded: result.stopped === "superseded by a newer version",
      ...(result.stopped === "the schedule was canceled" ? { canceled: true } : {}),
      continuedFrom: result.continuedFrom,
    };
  },
);
