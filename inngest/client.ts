import { eventType, Inngest } from "inngest";
import { z } from "zod";
import { RunRecorder } from "./record-runs";

/** Set only on an operator's retry: the failed run whose work this run resumes (lib/operations/retry-run.ts). */
const RESUME = z.string().optional();

/** A deposit's money reached the investor's cash (sent through the outbox after the ledger commits). */
export const depositSettled = eventType("deposit/settled", {
  schema: z.object({
    depositId: z.string(),
    investmentAccountId: z.string(),
    /** Minor units, as a string (JSON has no bigint). */
    amount: z.string(),
    currency: z.string(),
    resumeRunId: RESUME,
  }),
});

/**
 * The Inngest client. The SDK reads its own variables (INNGEST_DEV, INNGEST_BASE_URL, INNGEST_EVENT_KEY,
 * INNGEST_SIGNING_KEY) from the environment and does not fail without them, so `next build` needs none;
 * lib/env.ts validates them with the rest of the configuration at start. `npm run dev` and the e2e server
 * set INNGEST_DEV=1. Every run is recorded for the operations page (RunRecorder).
 */
export const inngest = new Inngest({ id: "autovest", middleware: [RunRecorder] });

/** The account follows a new model version (questionnaire retaken, advisor change): rebalance to it. */
export const accountModelChanged = eventType("account/model.changed", {
  schema: z.object({ investmentAccountId: z.string(), modelVersionId: z.string(), previousModelVersionId: z.string().nullable(), resumeRunId: RESUME }),
});

/** The drift sweep (or an advisor) asks for a rebalance. */
export const rebalanceRequested = eventType("account/rebalance.requested", {
  schema: z.object({ investmentAccountId: z.string(), reason: z.string(), resumeRunId: RESUME }),
});

/** The idle-cash sweep asks for cash that is waiting to be invested. */
export const investRequested = eventType("account/invest.requested", {
  schema: z.object({ investmentAccountId: z.string(), reason: z.string(), resumeRunId: RESUME }),
});

/** An operator (or a test) asks for prices now rather than at the next scheduled sync. */
export const priceSyncRequested = eventType("prices/sync.requested", { schema: z.object({ reason: z.string() }) });

/** Pay a dividend now (from `after`, a continuation), or, without `actionId`, every dividend that is due. */
export const dividendPayRequested = eventType("dividends/pay.requested", {
  schema: z.object({ actionId: z.string().nullable(), after: z.string().nullable() }),
});

/** An admin lifted the trading halt: runs waiting to place orders go on. */
export const tradingResumed = eventType("trading/resumed", { schema: z.object({ reason: z.string(), repeated: z.boolean().optional() }) });

/** A notification was written (through the outbox): email it to its user. */
export const notificationCreated = eventType("notification/created", { schema: z.object({ notificationId: z.string() }) });

/**
 * Re-seal identity data under the newest KYC key: an admin's request, the app's start-up after a rotation
 * (both through the outbox), or a run's continuation from `after` (lib/kyc/resealing.ts).
 */
export const kycResealRequested = eventType("kyc/reseal.requested", {
  schema: z.object({ reason: z.enum(["daily", "start-up", "requested"]), requestedBy: z.string().nullable(), after: z.string().nullable() }),
});

/**
 * Generate a month's statements (YYYY-MM) for every account, from `after` (a continuation): the month-end schedule,
 * or an operator's request (monthToDate for the month under way).
 */
export const statementsRequested = eventType("documents/statements.requested", {
  schema: z.object({ month: z.string(), monthToDate: z.boolean(), after: z.string().nullable() }),
});

/** The rest of a trade day's confirmations (YYYY-MM-DD, New York) that did not fit in one run. */
export const confirmationsContinued = eventType("documents/confirmations.continued", { schema: z.object({ day: z.string(), after: z.string() }) });

/** One account's document: a statement (`period` YYYY-MM) or a trade day's confirmation (`period` YYYY-MM-DD). */
export const documentRequested = eventType("documents/generate.requested", {
  schema: z.object({
    investmentAccountId: z.string(),
    kind: z.enum(["STATEMENT", "TRADE_CONFIRMATION"]),
    period: z.string(),
    monthToDate: z.boolean(),
  }),
});

/** Accrue the day's fees (the nightly cron, or an operator), from `after` when a run continues. */
export const feeAccrualRequested = eventType("fees/accrue.requested", { schema: z.object({ day: z.string(), after: z.string().nullable() }) });

/**
 * Bill `month` (YYYY-MM, a month that has ended): the cron on the 1st, an operator's "Bill fees" on /admin/operations
 * (through the outbox), or a run's continuation from `after`.
 */
export const feeBillingRequested = eventType("fees/bill.requested", {
  schema: z.object({ month: z.string(), after: z.string().nullable(), requestedBy: z.string().nullable() }),
});

/** A bill's cash fell short: sell enough and collect the rest (one account, one month). */
export const feeCollectionRequested = eventType("fees/collect.requested", {
  schema: z.object({ investmentAccountId: z.string(), month: z.string(), resumeRunId: RESUME }),
});

/** A withdrawal was requested (or its run waited for the account): its workflow starts (lib/payments/withdrawals). */
export const withdrawalRequested = eventType("withdrawal/requested", {
  schema: z.object({ withdrawalId: z.string(), investmentAccountId: z.string(), resumeRunId: RESUME }),
});

/** An advisor approved or rejected a withdrawal, or the investor cancelled it: its waiting run looks again. */
export const withdrawalDecided = eventType("withdrawal/decided", { schema: z.object({ withdrawalId: z.string() }) });

/**
 * A recurring deposit's period (or its one retry, attempt 2) is due at `runAt`: the run sleeps until then and
 * makes the period's deposit (lib/payments/recurring/). Written through the outbox, once per period and version.
 */
export const recurringDepositDue = eventType("recurring-deposit/period.due", {
  schema: z.object({
    scheduleId: z.string(),
    version: z.number().int(),
    periodDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    attempt: z.union([z.literal(1), z.literal(2)]),
    retry: z.boolean(),
    runAt: z.string(),
  }),
});

/** The investor changed, paused, resumed, skipped or cancelled a schedule (`stopped`: paused or cancelled). */
export const recurringDepositChanged = eventType("recurring-deposit/schedule.changed", {
  schema: z.object({ scheduleId: z.string(), version: z.number().int(), stopped: z.boolean() }),
});
