import { cron } from "inngest";
import { pruneWorkflowRuns, PRUNE_BATCH } from "@/lib/operations/retention";
import { inngest } from "../client";

/** At most this many batches a night; a longer backlog is finished over the following nights. */
const MAX_BATCHES = 200;

/** Every night at 03:40 UTC, deletes workflow-run records past their keeping time (lib/operations/retention.ts), in batches. */
export const pruneWorkflowRunsNightly = inngest.createFunction(
  { id: "prune-workflow-runs", triggers: [cron("40 3 * * *")], concurrency: { limit: 1 } },
  async ({ step }) => {
    let deleted = 0;
    for (let batch = 1; batch <= MAX_BATCHES; batch++) {
      const gone = await step.run(`delete batch ${batch}`, () => pruneWorkflowRuns(new Date(), PRUNE_BATCH));
      deleted += gone;
      if (gone < PRUNE_BATCH) break;
    }
    return { deleted };
  },
);
