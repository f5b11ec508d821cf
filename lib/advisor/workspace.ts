/**
 * What an advisor sees of a client's money and does about it: the portfolio (holdings, performance, activity,
 * drift), private notes, a rebalance on request, and a change of model, previewed, then confirmed with a reason. Every function starts
 * with clientFor(), so an advisor reaches only their own clients and an admin everyone.
 */
import type Decimal from "decimal.js";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { Conflict, NotFound } from "../errors";
import type { RequestContext } from "../http/request-context";
import { confirmModelChange, declineModelChange, modelChangeOf, proposeModelChange, type ConfirmOutcome, type ModelChangeView } from "../investing/model-change";
import { modelVersion, type ModelView } from "../investing/models";
import { latestPortfolioChoice, type PortfolioChoiceView } from "../investing/portfolio-choice";
import { holdingsOf, type HoldingsOverview } from "../investing/portfolio";
import { accountDrift } from "../investing/rebalance";
import { enqueue } from "../outbox/outbox";
import { accountValue, type AccountValue } from "../portfolio/account-value";
import { performanceOfAccount, type Performance } from "../portfolio/performance";
import { gainSummary, todaysChangeOf } from "../portfolio/summary";
import type { TodaysChange } from "../portfolio/todays-change";
import type { Range } from "../portfolio/returns";
import { listTransactions, type Transaction } from "../portfolio/transactions";
import { parseInput } from "../validation";
import { clientFor } from "./clients";

export interface ClientPortfolio {
  accountId: string;
  currency: string;
  status: string;
  model: ModelView | null;
  holdings: HoldingsOverview;
  /** What the account is worth, as its investor sees it (account-value.ts). */
  value: AccountValue;
  /** The same today's change and net deposits as the investor's dashboard (todays-change.ts, summary.ts). */
  today: TodaysChange | null;
  netContributions: bigint;
  /** Drift from the model (0.031 = 3.1%) and the model's band; null without a model. */
  drift: { drift: Decimal; band: Decimal } | null;
  performance: Performance;
  activity: Transaction[];
  /** The investor's latest own choice of model (e.g. more risk than recommended), if they made one. */
  choice: PortfolioChoiceView | null;
}

async function clientAccount(actor: CurrentUser, clientId: string, context?: RequestContext) {
  const client = await clientFor(actor, clientId, context);
  const account = await db.investmentAccount.findFirst({
    where: { userId: client.id },
    select: { id: true, currency: true, status: true, modelVersionId: true },
  });
  if (!account) throw new NotFound("This client has no investment account.");
  return { client, account };
}

/** The client's portfolio as their advisor sees it: the same figures the investor sees, and its drift. */
export async function clientPortfolio(actor: CurrentUser, clientId: string, range: Range): Promise<ClientPortfolio> {
  const { account } = await clientAccount(actor, clientId);
  const [model, holdings, value, drift, performance, activity, choice, gains] = await Promise.all([
    account.modelVersionId ? modelVersion(account.modelVersionId) : null,
    holdingsOf(account.id),
    accountValue(account.id),
    accountDrift(account.id),
    performanceOfAccount(account.id, range),
    listTransactions(account.id, { limit: 20 }, account.currency),
    latestPortfolioChoice(account.id, account.modelVersionId),
    gainSummary(account.id),
  ]);
  return {
    accountId: account.id,
    currency: account.currency,
    status: account.status,
    model,
    holdings,
    value,
    today: await todaysChangeOf(account.id, value.total),
    netContributions: gains.netContributions,
    drift,
    performance,
    activity: activity.transactions,
    choice,
  };
}

const noteInput = z.object({
  body: z.string({ error: "Write the note." }).trim().min(1, "Write the note.").max(4_000, "Keep a note under 4,000 characters."),
});

export interface AdvisorNoteView {
  id: string;
  body: string;
  author: string;
  at: Date;
}

/** Private notes about the client, newest first: staff only, never shown to the investor. */
export async function listNotes(actor: CurrentUser, clientId: string): Promise<AdvisorNoteView[]> {
  const client = await clientFor(actor, clientId);
  const notes = await db.advisorNote.findMany({
    where: { clientId: client.id },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, body: true, createdAt: true, author: { select: { name: true } } },
  });
  return notes.map((note) => ({ id: note.id, body: note.body, author: note.author.name, at: note.createdAt }));
}

/** Adds a private note; audited without its text (the trail records that a note was written, and by whom). */
export async function addNote(actor: CurrentUser, clientId: string, input: unknown, context: RequestContext): Promise<AdvisorNoteView> {
  const client = await clientFor(actor, clientId, context);
  const { body } = parseInput(noteInput, input);
  return db.$transaction(async (tx) => {
    const note = await tx.advisorNote.create({ data: { clientId: client.id, authorId: actor.id, body }, select: { id: true, createdAt: true } });
    await recordAudit(tx, {
      action: "ADVISOR_NOTE_ADDED",
      actorId: actor.id,
      target: { type: "User", id: client.id },
      context,
      details: { noteId: note.id, length: body.length },
    });
    return { id: note.id, body, author: actor.name, at: note.createdAt };
  });
}

const reasonInput = z.object({
  reason: z.string({ error: "Say why." }).trim().min(3, "Say why, in a few words.").max(500, "Keep the reason under 500 characters."),
});

/**
 * Asks the rebalance workflow to bring the client's holdings back to their model now, whatever the drift.
 * Returns the outbox event to send after the commit. The workflow itself refuses to run twice at once on an
 * account and waits while trading is halted.
 */
export async function requestRebalance(actor: CurrentUser, clientId: string, input: unknown, context: RequestContext): Promise<{ outboxId: string }> {
  const { account } = await clientAccount(actor, clientId, context);
  const { reason } = parseInput(reasonInput, input);
  if (!account.modelVersionId) throw new Conflict("This client has no model portfolio yet: they choose one with the risk questionnaire.");
  if (account.status !== "ACTIVE") throw new Conflict("This account is restricted: it cannot be rebalanced until the restriction is lifted.");
  return db.$transaction(async (tx) => {
    await recordAudit(tx, {
      action: "REBALANCE_REQUESTED",
      actorId: actor.id,
      target: { type: "InvestmentAccount", id: account.id },
      context,
      details: { reason },
    });
    const outboxId = await enqueue(tx, { name: "account/rebalance.requested", data: { investmentAccountId: account.id, reason: `advisor: ${reason}` } });
    return { outboxId };
  });
}

const modelChoice = z.object({ modelId: z.uuid({ error: "Choose a model." }) });
const changeReason = z.object({
  reason: z
    .string({ error: "Say why: the client is told." })
    .trim()
    .min(10, "Say why in a sentence: the client is told.")
    .max(500, "Keep the reason under 500 characters."),
});

/**
 * Previews moving the client to the newest version of another model (model-change.ts): the trades, the gains they
 * would realise, the tax estimate. Nothing moves until the advisor confirms it with a reason.
 */
export async function proposeClientModelChange(actor: CurrentUser, clientId: string, input: unknown, context: RequestContext): Promise<{ proposalId: string }> {
  const { account } = await clientAccount(actor, clientId, context);
  const { modelId } = parseInput(modelChoice, input);
  return db.$transaction(async (tx) => {
    const newest = await tx.modelVersion.findFirst({ where: { modelId }, orderBy: { version: "desc" }, select: { id: true } });
    if (!newest) throw new NotFound("No such model.");
    const model = (await modelVersion(newest.id))!;
    if (account.modelVersionId === model.versionId) throw new Conflict(`This client already follows ${model.name} (version ${model.version}).`);
    const proposalId = await proposeModelChange(tx, { investmentAccountId: account.id, fromVersionId: account.modelVersionId, to: model, requestedById: actor.id, context });
    return { proposalId };
  });
}

/** A preview of a change of this client's model that the advisor asked for. */
export async function clientModelChange(actor: CurrentUser, clientId: string, proposalId: string): Promise<ModelChangeView> {
  const { account } = await clientAccount(actor, clientId);
  return modelChangeOf(proposalId, [account.id]);
}

/**
 * Confirms the advisor's own preview with a reason (audited; the client is told it): the account moves to the model
 * and the rebalance workflow trades the holdings to it. Expired or repriced previews trade nothing (model-change.ts).
 */
export async function confirmClientModelChange(actor: CurrentUser, clientId: string, proposalId: string, input: unknown, context: RequestContext): Promise<ConfirmOutcome> {
  const { account } = await clientAccount(actor, clientId, context);
  const { reason } = parseInput(changeReason, input);
  return confirmModelChange(proposalId, { investmentAccountId: account.id, actorId: actor.id, context, reason });
}

/** Closes the advisor's preview: nothing trades. */
export async function declineClientModelChange(actor: CurrentUser, clientId: string, proposalId: string, context: RequestContext): Promise<void> {
  const { account } = await clientAccount(actor, clientId, context);
  await declineModelChange(proposalId, { investmentAccountId: account.id, actorId: actor.id, context });
}
