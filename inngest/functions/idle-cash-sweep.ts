import { cron } from "inngest";
import { accountsWithIdleCash } from "@/lib/investing/drift-sweep";
import { MIN_ORDER } from "@/lib/investing/plan";
import { inngest } from "../client";

/** Every 15 minutes: cash that a missed or failed event left uninvested gets an invest run. */
export const idleCashSweep = inngest.createFunction(
  { id: "idle-cash-sweep", triggers: [cron("*/15 * * * *")] },
  async ({ step }) => {
    const accounts = await step.run("find idle cash", () => accountsWithIdleCash(MIN_ORDER));
    if (accounts.length === 0) return { accounts: 0 };
    await step.sendEvent(
      "start invest runs",
      accounts.map((investmentAccountId) => ({ name: "account/invest.requested", data: { investmentAccountId, reason: "idle cash" } })),
    );
    return { accounts: accounts.length };
  },
);
