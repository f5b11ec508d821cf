import { cron } from "inngest";
import { sealPending } from "@/lib/audit/chain";
import { inngest } from "../client";

/**
 * Every minute, seals the audit records committed since the last run into the hash chain. The run's output
 * keeps the chain's head (seq and hash) in Inngest's history: a copy outside our database to compare against.
 */
export const auditSeal = inngest.createFunction(
  { id: "audit-seal", triggers: [cron("* * * * *")], concurrency: { limit: 1 } },
  async ({ step }) =>
    step.run("seal committed audit records", async () => {
      const { sealed, head } = await sealPending();
      return { sealed, headSeq: head?.seq.toString() ?? null, headHash: head?.hash ?? null };
    }),
);
