import { eventType } from "inngest";
import { z } from "zod";
import { moveAccountsToVersion } from "@/lib/investing/models";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { inngest } from "../client";
import { sendToInngest } from "../send-outbox";
import { waitUntilTradingAllowed } from "./trading-steps";

/** A new version of a model was published (sent through the outbox after the commit). */
export const modelVersionPublished = eventType("model/version.published", {
  schema: z.object({ modelId: z.string(), versionId: z.string(), version: z.number(), publishedBy: z.string() }),
});

/** Accounts moved per step: one transaction each, short enough to retry whole. */
export const MIGRATION_BATCH = 200;

/**
 * Moves every account following an older version of the model to the new one, a batch per step (keyset by
 * account id); each moved account gets an `account/model.changed` event, so the rebalance workflow trades it
 * to the new weights. Before each batch it waits, like every order-placing run, for the market to be open and
 * trading not halted: new rebalances are not started into a halt.
 */
export const modelMigration = inngest.createFunction(
  {
    id: "model-migration",
    triggers: [modelVersionPublished],
    concurrency: { key: "event.data.modelId", limit: 1 },
    retries: 10,
  },
  async ({ event, step }) => {
    let after: string | null = null;
    let moved = 0;
    for (let batch = 0; ; batch++) {
      await waitUntilTradingAllowed(step, `batch ${batch}`);
      const result: { moved: number; last: string | null; superseded: boolean } = await step.run(`move batch ${batch}`, async () => {
        const done = await moveAccountsToVersion(event.data.versionId, { after, limit: MIGRATION_BATCH, actorId: event.data.publishedBy });
        // Events a failed send leaves in the outbox go out with the next sweep.
        if (done.outboxIds.length) await dispatchOutbox(sendToInngest, { ids: done.outboxIds });
        return { moved: done.moved, last: done.last, superseded: done.superseded };
      });
      moved += result.moved;
      if (!result.last) return { moved, batches: batch + 1, superseded: result.superseded };
      after = result.last;
    }
  },
);
