import { cron } from "inngest";
import { resealIdentityPage, type ResealReason } from "@/lib/kyc/resealing";
import { inngest, kycResealRequested } from "../client";
import { pageThrough } from "./fan-out";

/** Profiles per step: each may mean reading and rewriting a document of up to 10 MB. */
const PAGE = 50;
const PAGES_PER_RUN = 200;

/**
 * Daily, at start-up after a key rotation and on an admin's request: re-seals every identity field and
 * document still under an older KYC key with the newest one, a page of profiles per step, each page audited
 * with its counts. Every page is idempotent (lib/kyc/resealing.ts), so a retried step, a second run or two
 * runs at once change nothing twice. Past PAGES_PER_RUN pages the rest continues in a new run.
 */
export const resealIdentityData = inngest.createFunction(
  {
    id: "reseal-identity-data",
    triggers: [cron("50 3 * * *"), kycResealRequested],
    concurrency: { limit: 1 },
    retries: 4,
  },
  async ({ event, step, runId }) => {
    const request = event.name === kycResealRequested.name ? event.data : null;
    const why: ResealReason = request ? { reason: request.reason, requestedBy: request.requestedBy } : { reason: "daily", requestedBy: null };
    const result = await pageThrough(step, {
      after: request?.after ?? null,
      maxPagesPerRun: PAGES_PER_RUN,
      page: (after) => resealIdentityPage(after, PAGE, why),
      continuation: (after) => ({ id: `kyc-reseal:${runId}:after:${after}`, name: kycResealRequested.name, data: { ...why, after } }),
    });
    return { profiles: result.count, pages: result.pages, continuedFrom: result.continuedFrom };
  },
);
