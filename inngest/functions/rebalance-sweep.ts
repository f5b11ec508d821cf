import { cron } from "inngest";
import { accountsOutsideBand } from "@/lib/investing/drift-sweep";
import { inngest } from "../client";

/** Every weekday at 15:00 UTC (mid-morning in New York): one rebalance run per account outside its band. */
export const rebalanceSweep = inngest.createFunction(
  { id: "rebalance-sweep", triggers: [cron("0 15 * * 1-5")] },
  async ({ step }) => {
    const drifted = await step.run("find accounts outside their band", async () =>
      (await accountsOutsideBand()).map((a) => ({ id: a.investmentAccountId, drift: a.drift.toString() })),
    );
    if (drifted.length === 0) return { rebalances: 0 };
    await step.sendEvent(
      "start rebalances",
      drifted.map((account) => ({
        name: "account/rebalance.requested",
        data: { investmentAccountId: account.id, reason: `drift ${account.drift}` },
      })),
    );
    return { rebalances: drifted.length };
  },
);
