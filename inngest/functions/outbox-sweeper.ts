import { cron } from "inngest";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { inngest } from "../client";
import { sendToInngest } from "../send-outbox";

/** Re-sends outbox events left unsent (the app crashed after commit, or Inngest was unreachable). */
export const outboxSweeper = inngest.createFunction(
  { id: "outbox-sweeper", triggers: [cron("* * * * *")] },
  async ({ step }) => step.run("send unsent events", () => dispatchOutbox(sendToInngest, { olderThanMs: 30_000 })),
);
