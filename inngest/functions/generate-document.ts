import { generateConfirmation, generateStatement } from "@/lib/documents/generate";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { documentRequested, inngest } from "../client";
import { sendToInngest } from "../send-outbox";

/**
 * One account's statement or trade confirmation: rendered and kept in one step (a few milliseconds and a few
 * kilobytes; the step returns only the document's id). A step run again finds the document kept and writes nothing;
 * its notification's email is sent at once, or by the outbox sweeper if that fails. Ten accounts at a time across
 * the app, so a month end does not crowd out trading. Two steps; on failure, Inngest retries (4 times).
 */
export const generateDocument = inngest.createFunction(
  { id: "generate-document", triggers: [documentRequested], concurrency: { limit: 10 }, retries: 4 },
  async ({ event, step }) => {
    const { investmentAccountId, kind, period, monthToDate } = event.data;
    const generated = await step.run("generate and keep the document", async () => {
      const result =
        kind === "STATEMENT" ? await generateStatement(investmentAccountId, period, { monthToDate }) : await generateConfirmation(investmentAccountId, period);
      return result && { documentId: result.documentId, created: result.created, outboxIds: result.outboxIds };
    });
    if (generated?.outboxIds.length) await step.run("send the notification's email", () => dispatchOutbox(sendToInngest, { ids: generated.outboxIds }));
    return { kind, period, documentId: generated?.documentId ?? null, created: generated?.created ?? false };
  },
);
