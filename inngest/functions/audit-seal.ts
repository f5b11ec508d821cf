import { cron } from "inngest";
import { sealPending } from "@/lib/audit/chain";
import { inngest } from "../client";

/**
 * Every minute, seals the audit records committed since the last run into the hash chain (the first run after
 * the chain was keyed upgrades the unkeyed chain: lib/audit/chain.ts). The run's output keeps the chain's head
 * (seq, hash and key id) in Inngest's history: a copy outside our database to compare against (docs/audit.md).
 */
export const auditSeal = inngest.createFunction(
  { id: "audit-seal", triggers: [cron("* * * * *")], concurrency: { limit: 1 } },
  async ({ step }) =>
    step.run("seal committed audit records", async () => {
      const { sealed, head } = await sealPending();
      return { sealed, headSeq: head?.seq.toString() ?? null, headHash: head?.hash ?? null, headKeyId: head?.keyId ?? null };
    }),
);
