/**
 * The invest run's steps, each idempotent on its own (a workflow may run a step again after a crash even
 * when its effect already happened): hold the cash → plan buys → place them with deterministic client order
 * ids → follow them to a final state (cancelling the remainder of what will not fill) → settle what each
 * filled, in whole or in part, exactly once (ledger, holdings, tax lots in one transaction) → release what was
 * not spent. Money that cannot be invested stays held, never lost, and the run fails visibly.
 */
import Decimal from "decimal.js";
import { recordAudit } from "../audit/record";
import { type Broker, BrokerMismatch, type BrokerOrder } from "../brokerage/broker";
import { db, type Tx } from "../db";
import { DomainError } from "../errors";
import type { OrderStatus } from "../generated/prisma/client";
import { NO_REQUEST_CONTEXT } from "../http/request-context";
import { investorBalances, investorLedger, platformAccount } from "../ledger/accounts";
import { postJournalEntry } from "../ledger/post";
import { notifyAccountChanged } from "../live/notify";
import { investmentCompleted } from "../notifications/notices";
import { notify } from "../notifications/notify";
import { isKycApproved } from "../kyc/profile";
import { modelVersion, targetsOf } from "./models";
import { MIN_ORDER, planBuys, type Position } from "./plan";
import { assertTradingAllowed } from "./trading-halt";

export class CannotInvest extends DomainError {
  readonly code = "cannot_invest";
  readonly status = 409;
}

const holdKey = (runId: string) => `invest:${runId}:hold`;

/**
 * Moves the account's available cash to "held" for this run; returns the amount held (the same amount when
 * run again). Nothing is held below the minimum order, for a restricted account, or without a model.
 */
export async function holdCash(investmentAccountId: string, runId: string): Promise<bigint> {
  const existing = await heldFor(investmentAccountId, runId);
  if (existing > 0n) return existing;
  const ledger = await investorLedger(db, investmentAccountId);
  const account = await db.investmentAccount.findUniqueOrThrow({ where: { id: investmentAccountId } });
  // A restricted account invests nothing until the restriction is lifted; without a model (no questionnaire
  // yet) the cash waits, and choosing a model invests it. Nor does anyone's money go into the market before
  // their identity is verified (deposits already need it; this holds whatever the route the cash came by).
  if (account.status !== "ACTIVE" || !account.modelVersionId || !(await isKycApproved(account.userId))) return 0n;
  const cash = (await investorBalances(investmentAccountId)).INVESTOR_CASH;
  if (cash < MIN_ORDER) return 0n;
  await postJournalEntry(db, {
    idempotencyKey: holdKey(runId),
    kind: "TRADE",
    cause: { type: "InvestRun", id: runId },
    memo: "Cash held for orders",
    postings: [
      { account: ledger.INVESTOR_CASH, amount: -cash },
      { account: ledger.INVESTOR_CASH_HELD, amount: cash },
    ],
  });
  await notifyAccountChanged(db, investmentAccountId, "investing");
  return cash;
}

/** The cash a run holds for its orders (0 if it held none). */
export async function heldFor(investmentAccountId: string, runId: string): Promise<bigint> {
  const entry = await db.journalEntry.findUnique({ where: { idempotencyKey: holdKey(runId) }, select: { id: true } });
  if (!entry) return 0n;
  const ledger = await investorLedger(db, investmentAccountId);
  const posting = await db.posting.findFirstOrThrow({ where: { entryId: entry.id, ledgerAccountId: ledger.INVESTOR_CASH_HELD } });
  return posting.amount;
}

/** Plans the buys for the held cash and records them as PLANNED orders (once per run). */
export async function planInvestment(investmentAccountId: string, runId: string, held: bigint) {
  const existing = await db.order.findMany({ where: { runId } });
  if (existing.length) return existing;
  const account = await db.investmentAccount.findUniqueOrThrow({ where: { id: investmentAccountId } });
  const model = account.modelVersionId ? await modelVersion(account.modelVersionId) : null;
  if (!model) throw new CannotInvest("The account has no model.");
  const symbols = [...new Set([...model.allocation.map((a) => a.symbol)])];
  const [holdings, assets] = await Promise.all([
    db.holding.findMany({ where: { investmentAccountId } }),
    db.asset.findMany({ where: { symbol: { in: symbols } }, include: { price: true } }),
  ]);
  const prices = new Map(assets.filter((a) => a.price).map((a) => [a.symbol, new Decimal(a.price!.price.toString())]));
  for (const symbol of symbols) {
    const price = prices.get(symbol);
    if (!price || !price.greaterThan(0)) throw new CannotInvest(`No valid price for ${symbol}: nothing is bought until there is one.`);
  }
  const positions: Position[] = [];
  for (const holding of holdings) {
    const price = prices.get(holding.symbol) ?? (await latestPrice(holding.symbol));
    positions.push({ symbol: holding.symbol, quantity: new Decimal(holding.quantity.toString()), price });
  }
  const buys = planBuys(held, positions, targetsOf(model));
  await db.order.createMany({
    data: buys.map((buy) => ({
      investmentAccountId,
      runId,
      clientOrderId: `${runId}:${buy.symbol}:BUY`,
      symbol: buy.symbol,
      side: "BUY" as const,
      notional: buy.notional,
    })),
    skipDuplicates: true,
  });
  return db.order.findMany({ where: { runId }, orderBy: { clientOrderId: "asc" } });
}

async function latestPrice(symbol: string): Promise<Decimal> {
  const asset = await db.asset.findUnique({ where: { symbol }, include: { price: true } });
  if (!asset?.price) throw new CannotInvest(`No price for ${symbol}, which the account holds.`);
  return new Decimal(asset.price.price.toString());
}

/**
 * Places the run's orders that the broker has not answered for yet. The client order id makes a repeat
 * (after a crash or a retry) return the broker's first order, never a second one. Each order is placed with its
 * row locked and its status read again under the lock, so an order withdrawn by a stopped run's clean-up
 * (lib/investing/unwind.ts) is never placed, and one being placed is seen by the clean-up as placed.
 */
export async function placeOrders(runId: string, broker: Broker): Promise<void> {
  await assertTradingAllowed();
  const orders = await db.order.findMany({ where: { runId, status: { in: ["PLANNED", "OPEN"] } }, orderBy: { clientOrderId: "asc" }, select: { id: true } });
  for (const { id } of orders) {
    await db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1 FROM "Order" WHERE "id" = ${id}::uuid FOR UPDATE`;
        const order = await tx.order.findUniqueOrThrow({ where: { id } });
        if (order.status !== "PLANNED" && order.status !== "OPEN") return;
        const answer = await broker.placeOrder({
          clientOrderId: order.clientOrderId,
          symbol: order.symbol,
          side: order.side,
          notional: order.notional ?? undefined,
          quantity: order.quantity ? new Decimal(order.quantity.toString()) : undefined,
        });
        await recordBrokerAnswer(order, answer, tx);
      },
      // The broker's answer arrives inside the transaction (its own timeout is 10 s).
      { timeout: 30_000 },
    );
  }
}

/**
 * Asks the broker about the run's open orders and records what has filled of each so far. An order that
 * waiting will not fill (done for the day) is cancelled for its remainder, and so is every open order once
 * `cancelRemainders` is set (the run's deadline has passed). A cancelled order stays open here until the
 * broker calls it final, since its remainder can fill until then. Returns how many orders are still open.
 */
export async function refreshOrders(runId: string, broker: Broker, { cancelRemainders = false } = {}): Promise<number> {
  const open = await db.order.findMany({ where: { runId, status: "OPEN" }, orderBy: { clientOrderId: "asc" } });
  let stillOpen = 0;
  for (const order of open) {
    let answer = await answerFor(order, broker);
    if (answer.openState === "stalled" || (cancelRemainders && answer.openState === "working")) {
      await broker.cancelOrder(order.clientOrderId);
      answer = await answerFor(order, broker);
    }
    await recordBrokerAnswer(order, answer);
    if (answer.status === "open") stillOpen++;
  }
  return stillOpen;
}

type OrderRow = Awaited<ReturnType<typeof db.order.findMany>>[number];

async function answerFor(order: OrderRow, broker: Broker): Promise<BrokerOrder> {
  const answer = await broker.getOrder(order.clientOrderId);
  if (!answer) throw new BrokerMismatch(`the broker does not know order ${order.clientOrderId}`);
  return answer;
}

const ORDER_STATUS = { open: "OPEN", filled: "FILLED", canceled: "CANCELED", expired: "EXPIRED", rejected: "REJECTED" } as const;

/** The final states; what filled of an order in one of them is settled (once). */
const FINAL: OrderStatus[] = ["FILLED", "CANCELED", "EXPIRED", "REJECTED"];

/** Records the broker's answer on an order that is not final yet (a final one is never rewritten). */
async function recordBrokerAnswer(order: OrderRow, answer: BrokerOrder, client: Tx = db): Promise<void> {
  assertAnswerFits(order, answer);
  await client.order.updateMany({
    where: { id: order.id, status: { in: ["PLANNED", "OPEN"] } },
    data: {
      brokerOrderId: answer.brokerOrderId,
      status: ORDER_STATUS[answer.status],
      // Never more shares on our books than the broker holds for us.
      filledQuantity: answer.filledQuantity.toDecimalPlaces(6, Decimal.ROUND_DOWN).toFixed(6),
      filledPrice: answer.filledPrice?.toFixed(6) ?? null,
      filledNotional: answer.filledNotional,
      rejectReason: answer.rejectReason,
    },
  });
}

/** An answer that does not fit the order we placed is neither recorded nor settled: the run stops for an operator. */
function assertAnswerFits(order: OrderRow, answer: BrokerOrder): void {
  const mismatch = (what: string) => new BrokerMismatch(`the broker ${what} for ${order.clientOrderId}`);
  if (answer.clientOrderId !== order.clientOrderId || answer.symbol !== order.symbol || answer.side !== order.side) {
    throw new BrokerMismatch(`the broker answered for ${answer.clientOrderId} ${answer.side} ${answer.symbol}, not ${order.clientOrderId}`);
  }
  const filled = answer.filledQuantity;
  if (filled.isNegative()) throw mismatch(`reported ${filled.toString()} shares filled`);
  if ((answer.status === "filled" && filled.isZero()) || (filled.greaterThan(0) && !answer.filledPrice?.greaterThan(0))) {
    throw mismatch("reported a fill without quantity or price");
  }
  if (answer.status === "rejected" && filled.greaterThan(0)) throw mismatch(`rejected an order of which ${filled.toString()} shares filled`);
  if (order.side === "BUY" && order.notional !== null && answer.filledNotional > order.notional) {
    throw new BrokerMismatch(`the fill for ${order.clientOrderId} cost ${answer.filledNotional} cents, more than the ${order.notional} ordered`);
  }
  if (order.side === "SELL" && order.quantity !== null && filled.greaterThan(order.quantity.toString())) {
    throw mismatch(`sold ${filled.toString()} shares, more than the ${order.quantity.toString()} ordered`);
  }
  if (order.filledQuantity !== null && filled.lessThan(order.filledQuantity.toString())) {
    throw mismatch(`now reports ${filled.toString()} shares filled, fewer than the ${order.filledQuantity.toString()} it reported before`);
  }
}

type SettledOrder = Awaited<ReturnType<typeof db.order.findUniqueOrThrow>>;

/** Whether what filled of an order is settled once it is final: anything filled, whatever the final state. */
const toSettle = { status: { in: FINAL }, filledQuantity: { gt: 0 } };

/**
 * Runs `settle` for each final, unsettled order of a run on one side that filled in whole or in part (a
 * canceled or expired order's filled part too), exactly once: one transaction per order, with its row locked
 * and the order marked settled, so a repeat (after a crash) changes nothing.
 */
export async function settleEachFill(runId: string, side: "BUY" | "SELL", settle: (tx: Tx, order: SettledOrder) => Promise<void>): Promise<number> {
  const filled = await db.order.findMany({ where: { runId, side, ...toSettle, settledAt: null }, select: { id: true } });
  let settled = 0;
  for (const { id } of filled) {
    const done = await db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "Order" WHERE "id" = ${id}::uuid FOR UPDATE`;
      const order = await tx.order.findUniqueOrThrow({ where: { id } });
      if (order.settledAt) return false;
      await settle(tx, order);
      await tx.order.update({ where: { id }, data: { settledAt: new Date() } });
      await notifyAccountChanged(tx, order.investmentAccountId, "fill");
      return true;
    });
    if (done) settled++;
  }
  return settled;
}

/** A fill's journal memo ("Bought 0.28 VTI"), saying what became of the rest of an order that filled in part. */
export function fillMemo(order: SettledOrder): string {
  const rest = order.status === "FILLED" ? "" : ` (the rest of the order ${order.status.toLowerCase()})`;
  return `${order.side === "BUY" ? "Bought" : "Sold"} ${new Decimal(order.filledQuantity!.toString()).toString()} ${order.symbol}${rest}`;
}

/**
 * Posts what each final buy bought, once (in full, or the part of a canceled or expired order that filled):
 * held cash → broker clearing in the ledger, the holding, a new tax lot, the audit.
 */
export async function settleFills(investmentAccountId: string, runId: string): Promise<number> {
  const ledger = await investorLedger(db, investmentAccountId);
  const clearing = await platformAccount("BROKER_CLEARING", investmentAccountId);
  return settleEachFill(runId, "BUY", async (tx, order) => {
    const cost = order.filledNotional!;
    const quantity = new Decimal(order.filledQuantity!.toString());
    await postJournalEntry(tx, {
      idempotencyKey: `order:${order.id}:fill`,
      kind: "TRADE",
      cause: { type: "Order", id: order.id },
      memo: fillMemo(order),
      postings: [
        { account: ledger.INVESTOR_CASH_HELD, amount: -cost },
        { account: clearing, amount: cost },
      ],
    });
    const holding = await tx.holding.findUnique({ where: { investmentAccountId_symbol: { investmentAccountId, symbol: order.symbol } } });
    await tx.holding.upsert({
      where: { investmentAccountId_symbol: { investmentAccountId, symbol: order.symbol } },
      create: { investmentAccountId, symbol: order.symbol, quantity: quantity.toFixed(6), costBasis: cost },
      update: {
        quantity: new Decimal(holding?.quantity.toString() ?? 0).plus(quantity).toFixed(6),
        costBasis: (holding?.costBasis ?? 0n) + cost,
      },
    });
    await tx.taxLot.create({
      data: {
        investmentAccountId,
        symbol: order.symbol,
        orderId: order.id,
        acquiredAt: new Date(),
        quantity: quantity.toFixed(6),
        remainingQuantity: quantity.toFixed(6),
        costPerShare: order.filledPrice!.toString(),
      },
    });
    await recordAudit(tx, {
      action: "ORDER_FILLED",
      actorId: null,
      target: { type: "Order", id: order.id },
      context: NO_REQUEST_CONTEXT,
      details: {
        investmentAccountId,
        symbol: order.symbol,
        side: order.side,
        status: order.status,
        quantity: quantity.toString(),
        cost: cost.toString(),
        ordered: order.notional?.toString() ?? null,
      },
    });
  });
}

/**
 * Once every order is final and what filled of each is settled, returns the held cash the fills did not use
 * to available cash (once). Never while an order is open: its remainder could still fill.
 */
export async function releaseUnspent(investmentAccountId: string, runId: string, held: bigint): Promise<bigint> {
  const orders = await db.order.findMany({ where: { runId } });
  const unsettled = (order: (typeof orders)[number]) => !order.settledAt && order.filledQuantity?.greaterThan(0);
  if (orders.some((order) => !FINAL.includes(order.status) || unsettled(order))) {
    throw new Error(`run ${runId} still has orders in flight`);
  }
  const spent = orders.reduce((sum, order) => sum + (order.settledAt ? (order.filledNotional ?? 0n) : 0n), 0n);
  const unspent = held - spent;
  if (unspent > 0n) {
    const ledger = await investorLedger(db, investmentAccountId);
    await postJournalEntry(db, {
      idempotencyKey: `invest:${runId}:release`,
      kind: "TRADE",
      cause: { type: "InvestRun", id: runId },
      memo: "Cash not spent by the orders",
      postings: [
        { account: ledger.INVESTOR_CASH_HELD, amount: -unspent },
        { account: ledger.INVESTOR_CASH, amount: unspent },
      ],
    });
    await notifyAccountChanged(db, investmentAccountId, "investing");
  }
  return unspent;
}

/**
 * Tells the investor: the audit trail records it, the notification centre tells them (the rebalance, when
 * this run is a rebalance's buy side), and an `investment/completed` event goes out through the outbox. Once per
 * run: the event's dedupe key marks it done in the same transaction, so a step run again (after a crash between
 * this commit and the step's answer) writes nothing twice. Returns the outbox events to send once this has
 * committed.
 */
export async function recordInvestmentCompleted(investmentAccountId: string, runId: string, summary: { held: bigint; unspent: bigint }): Promise<string[]> {
  const invested = (summary.held - summary.unspent).toString();
  const dedupeKey = `investment-completed:${runId}`;
  return db.$transaction(async (tx) => {
    const done = await tx.outboxEvent.findUnique({ where: { dedupeKey }, select: { id: true } });
    if (done) return [done.id];
    await recordAudit(tx, {
      action: "INVESTMENT_COMPLETED",
      actorId: null,
      target: { type: "InvestmentAccount", id: investmentAccountId },
      context: NO_REQUEST_CONTEXT,
      details: { runId, invested, unspent: summary.unspent.toString() },
    });
    const completed = await tx.outboxEvent.create({ data: { name: "investment/completed", data: { investmentAccountId, runId, invested }, dedupeKey }, select: { id: true } });
    return [completed.id, ...(await notify(tx, await investmentCompleted(tx, investmentAccountId, runId, summary.held - summary.unspent)))];
  });
}
