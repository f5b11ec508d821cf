import { eventType } from "inngest";
import { z } from "zod";
import { moveAccountsToVersion } from "@/lib/investing/model-migration";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { inngest } from "../client";
import { sendToInngest } from "../send-outbox";
import { pageThrough } from "./fan-out";

const published = z.object({ modelId: z.string(), versionId: z.string(), version: z.number(), publishedBy: z.string() });

/** A new version of a model was published (sent through the outbox after the commit). */
export const modelVersionPublished = eventType("model/version.published", { schema: published });

/** The rest of a migration that did not fit in one run. */
export const modelMigrationContinued = eventType("model/migration.continued", { schema: published.extend({ after: z.string() }) });

/** Accounts moved per step: one transaction of a few set-based statements. */
export const MIGRATION_BATCH = 1_000;
/** Batches per run: 200,000 accounts in one run; more continue in another. */
export const MIGRATION_BATCHES_PER_RUN = 200;

/**
 * Moves every account following an older version of the model to the new one, a batch per step (keyset by
 * account id); each moved account gets an `account/model.changed` event, so the rebalance workflow trades it to
 * the new weights (each of those runs waits for the market and for any trading halt on its own). Past
 * MIGRATION_BATCHES_PER_RUN batches the rest continues in a new run, so no run nears Inngest's step limit.
 */
export const modelMigration = inngest.createFunction(
  {
    id: "model-migration",
    triggers: [modelVersionPublished, modelMigrationContinued],
    concurrency: { key: "event.data.modelId", limit: 1 },
    retries: 10,
  },
  async ({ event, step }) => {
    const { versionId, publishedBy } = event.data;
    const result = await pageThrough(step, {
      after: "after" in event.data ? event.data.after : null,
      maxPagesPerRun: MIGRATION_BATCHES_PER_RUN,
      page: async (after) => {
        const done = await moveAccountsToVersion(versionId, { after, limit: MIGRATION_BATCH, actorId: publishedBy });
        // Events a failed send leaves in the outbox go out with the next sweep.
        if (done.outboxIds.length) await dispatchOutbox(sendToInngest, { ids: done.outboxIds });
        return { last: done.last, count: done.moved, ...(done.superseded ? { stopped: "superseded by a newer version" } : {}) };
      },
      continuation: (after) => ({
        id: `model-migration:${versionId}:after:${after}`,
        name: modelMigrationContinued.name,
        data: { ...event.data, after },
      }),
    });
    return { moved: result.count, batches: result.pages, superseded: result.stopped !== null, continuedFrom: result.continuedFrom };
  },
);
