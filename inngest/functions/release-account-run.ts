import { eventType, NonRetriableError } from "inngest";
import { z } from "zod";
import { broker } from "@/lib/brokerage";
import { heldWorkOfCancelledRun, heldWorkOfAccount } from "@/lib/investing/account-run-lock";
import { settleAndRelease, stopOrders } from "@/lib/investing/unwind";
import { inngest } from "../client";
import { releaseAccountAndStartNext } from "./trading-steps";

/** An admin released an account whose run is stuck or lost (lib/operations/account-locks.ts). */
export const accountRunReleaseRequested = eventType("account/run.release-requested", {
  schema: z.object({ investmentAccountId: z.string(), runKey: z.string(), requestedBy: z.string() }),
});

/** Checks of the broker for orders still open after their cancel; at 30 s apart, 20 minutes in all. */
const CANCEL_CHECKS = 40;

/**
 * Gives back what a stopped invest or rebalance run held: when Inngest reports the run cancelled (by an operator,
 * the REST API or a cancelling event; a cancelled run gets no failure handler), or when an admin releases its
 * account. Orders not placed are withdrawn, open ones cancelled at the broker and awaited, fills settled, held
 * cash released, and the account unlocked for the work queued behind it. Every step is idempotent. Worst case:
 * 2 + 2 × CANCEL_CHECKS + 2 steps. Runs of other functions that are cancelled only have their record marked
 * (by the run recorder, as this function receives their cancellation).
 */
export const releaseAccountRun = inngest.createFunction(
  { id: "release-account-run", triggers: [{ event: "inngest/function.cancelled" }, accountRunReleaseRequested], retries: 10 },
  async ({ event, step }) => {
    const work = await step.run("find what the run held", () =>
      event.name === accountRunReleaseRequested.name
        ? heldWorkOfAccount(String(event.data.investmentAccountId), String(event.data.runKey))
        : heldWorkOfCancelledRun(event.data as { function_id?: unknown; run_id?: unknown }),
    );
    if (!work) return { released: false };
    for (let check = 0; ; check++) {
      const open = await step.run(`stop its orders (${check})`, () => stopOrders(work, broker()));
      if (open === 0) break;
      if (check + 1 >= CANCEL_CHECKS) throw new NonRetriableError(`${open} orders are still open at the broker after they were cancelled: an operator must look`);
      await step.sleep(`wait for the broker to confirm the cancels (${check})`, "30s");
    }
    const { released } = await step.run("settle fills and release held cash", () => settleAndRelease(work).then((r) => ({ released: r.released.toString() })));
    await step.run("unlock the account", () => releaseAccountAndStartNext(work.investmentAccountId, work.runKey));
    return { released: true, cash: released, runKey: work.runKey };
  },
);
