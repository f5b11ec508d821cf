/**
 * Asking for a withdrawal: the preview the investor confirms (the sales, what they raise, the estimated realised
 * gain), and the request itself, which under a lock on the investment account checks what is available, holds the
 * cash part at once, and starts the workflow (or waits for an advisor).
 */
import { z } from "zod";
import type { CurrentUser } from "../../auth/sessions";
import { db } from "../../db";
import { env } from "../../env";
import { Forbidden, InvalidInput, NotFound } from "../../errors";
import type { Prisma, Withdrawal } from "../../generated/prisma/client";
import type { RequestContext } from "../../http/request-context";
import { previewCashRaise, type CashRaisePlan } from "../../investing/raise-cash";
import { enqueue } from "../../outbox/outbox";
import { parseInput } from "../../validation";
import { investmentAccountOf } from "../deposits";
import { approvalReason, assertWithinAvailable, availableToWithdraw, OPEN_STATUSES, parseWithdrawalAmount, type WithdrawalAmount } from "../withdrawal-rules";
import { approvalLimit } from "./approval-limit";
import { holdForWithdrawal, lockedCash } from "./money";
import { announce, WITHDRAWAL_REQUESTED } from "./record";

/** What the investor confirms; stored with the withdrawal as it was shown. Amounts are cents, gains dollars (strings). */
export interface WithdrawalPreview {
  everything: boolean;
  /** Cents to be paid (for "everything": what is available now). */
  amount: string;
  available: string;
  /** Cents of cash that cover part of it without selling. */
  fromCash: string;
  sales: { symbol: string; quantity: string; estimatedProceeds: string; gain: string; term: "short" | "long" | "mixed" }[];
  estimatedProceeds: string;
  gain: { short: string; long: string; total: string };
  /** Why an advisor must approve it first, or null. */
  approvalReason: string | null;
  bank: { id: string; bankName: string; last4: string };
  currency: string;
}

const previewInput = z.object({
  amount: z.unknown(),
  bankAccountId: z.uuid({ error: "Choose the bank account to pay." }),
});
const requestInput = previewInput.extend({
  requestKey: z.string({ error: "Reload the page and try again." }).min(8, "Reload the page and try again.").max(200),
});

/** The investor's usable bank: theirs (404 for anyone else's), verified and not removed. */
async function usableBank(user: CurrentUser, bankAccountId: string) {
  const bank = await db.linkedBankAccount.findFirst({ where: { id: bankAccountId, userId: user.id } });
  if (!bank) throw new NotFound("No such bank account.");
  if (bank.removedAt || bank.status === "REMOVED") throw new InvalidInput("That bank account was removed; link it again or choose another.", { bankAccountId: "That bank account was removed." });
  if (bank.status !== "VERIFIED") {
    throw new InvalidInput("That bank account is not verified yet: money can only go to a verified bank.", { bankAccountId: "This bank account is not verified yet." });
  }
  return bank;
}

/** Cents the account's holdings would raise if all were sold now (estimates, rounded down). */
async function sellableValue(investmentAccountId: string): Promise<bigint> {
  return (await previewCashRaise(investmentAccountId, 0n, { cash: 0n })).available;
}

async function openWithdrawals(client: Prisma.TransactionClient | typeof db, investmentAccountId: string) {
  return client.withdrawal.findMany({
    where: { investmentAccountId, status: { in: OPEN_STATUSES } },
    select: { requestedAmount: true, everything: true, heldAmount: true },
  });
}

async function earlierTo(bankAccountId: string): Promise<number> {
  return db.withdrawal.count({ where: { bankAccountId, status: { in: [...OPEN_STATUSES, "PAYING", "PAID"] } } });
}

function assertCanWithdraw(account: { status: string }) {
  if (account.status === "RESTRICTED") {
    throw new Forbidden("This account is restricted, so nothing can be withdrawn until an advisor lifts the restriction. Contact your advisor.");
  }
  if (account.status !== "ACTIVE") throw new Forbidden("This account cannot withdraw.");
}

const toText = (plan: CashRaisePlan) => ({
  sales: plan.sales.map((sale) => ({
    symbol: sale.symbol,
    quantity: sale.quantity.toFixed(6),
    estimatedProceeds: sale.estimatedProceeds.toString(),
    gain: sale.gain.toFixed(2),
    term: sale.lots.every((lot) => lot.term === "long") ? ("long" as const) : sale.lots.every((lot) => lot.term === "short") ? ("short" as const) : ("mixed" as const),
  })),
  estimatedProceeds: plan.estimatedProceeds.toString(),
  gain: { short: plan.gain.short.toFixed(2), long: plan.gain.long.toFixed(2), total: plan.gain.total.toFixed(2) },
});

/** The sales a withdrawal would make, what it leaves, and whether it waits for an advisor: nothing is written. */
export async function previewWithdrawal(user: CurrentUser, input: unknown): Promise<WithdrawalPreview> {
  const { amount: rawAmount, bankAccountId } = parseInput(previewInput, input);
  const amount = parseWithdrawalAmount(rawAmount);
  const account = await investmentAccountOf(user);
  assertCanWithdraw(account);
  const bank = await usableBank(user, bankAccountId);
  return buildPreview(account, amount, bank);
}

async function buildPreview(
  account: { id: string; currency: string },
  amount: WithdrawalAmount,
  bank: { id: string; bankName: string; last4: string; createdAt: Date; verifiedAt: Date | null },
): Promise<WithdrawalPreview> {
  const [sellable, { cash, owed }, open, limit, earlier] = await Promise.all([
    sellableValue(account.id),
    db.$transaction((tx) => lockedCash(tx, account.id)),
    openWithdrawals(db, account.id),
    approvalLimit(),
    earlierTo(bank.id),
  ]);
  const available = availableToWithdraw({ cashAndSellable: cash + sellable, debt: owed < 0n ? -owed : 0n, open });
  assertWithinAvailable(amount, available, account.currency);
  const paying = amount === "everything" ? available : amount;
  const plan = await previewCashRaise(account.id, amount === "everything" ? "everything" : paying, { cash });
  return {
    everything: amount === "everything",
    amount: paying.toString(),
    available: available.toString(),
    fromCash: (cash < paying ? cash : paying).toString(),
    ...toText(plan),
    approvalReason: approvalReason({ amount: paying, limit, bankLinkedAt: bank.verifiedAt ?? bank.createdAt, earlierToThisBank: earlier, now: new Date(), currency: account.currency }),
    bank: { id: bank.id, bankName: bank.bankName, last4: bank.last4 },
    currency: account.currency,
  };
}

/**
 * Requests a withdrawal. The request key makes a double submit one withdrawal. Under a lock on the investment
 * account (every request for the account queues behind it), what is available is read again, the cash part is held
 * at once, and the workflow is started through the outbox. Returns the withdrawal and the outbox ids to send.
 */
export async function requestWithdrawal(
  user: CurrentUser,
  input: unknown,
  context: RequestContext,
): Promise<{ withdrawal: Withdrawal; outboxIds: string[]; created: boolean }> {
  const { amount: rawAmount, bankAccountId, requestKey } = parseInput(requestInput, input);
  const amount = parseWithdrawalAmount(rawAmount);
  const account = await investmentAccountOf(user);
  const existing = await db.withdrawal.findUnique({ where: { requestKey } });
  if (existing) return sameRequest(existing, account.id);
  assertCanWithdraw(account);
  const bank = await usableBank(user, bankAccountId);
  const preview = await buildPreview(account, amount, bank);
  const sellable = await sellableValue(account.id);

  return db.$transaction(
    async (tx) => {
      const [locked] = await tx.$queryRaw<{ status: string }[]>`SELECT "status"::text AS "status" FROM "InvestmentAccount" WHERE "id" = ${account.id}::uuid FOR UPDATE`;
      const again = await tx.withdrawal.findUnique({ where: { requestKey } });
      if (again) return sameRequest(again, account.id);
      assertCanWithdraw(locked!);
      const { cash, owed } = await lockedCash(tx, account.id);
      const available = availableToWithdraw({ cashAndSellable: cash + sellable, debt: owed < 0n ? -owed : 0n, open: await openWithdrawals(tx, account.id) });
      assertWithinAvailable(amount, available, account.currency);
      const created = await tx.withdrawal.create({
        data: {
          investmentAccountId: account.id,
          bankAccountId: bank.id,
          requestedAmount: amount === "everything" ? null : amount,
          everything: amount === "everything",
          currency: account.currency,
          status: preview.approvalReason ? "AWAITING_APPROVAL" : "REQUESTED",
          approvalReason: preview.approvalReason,
          requestKey,
          preview: preview as unknown as Prisma.InputJsonObject,
          testMode: env().testPayments,
        },
      });
      const hold = amount === "everything" ? cash : cash < amount ? cash : amount;
      const held = await holdForWithdrawal(tx, created, hold, `withdrawal:${created.id}:hold`);
      const outboxIds = await announce(tx, held, {
        actorId: user.id,
        context,
        details: { amount: preview.amount, everything: preview.everything, bankAccountId: bank.id, approvalReason: preview.approvalReason },
      });
      const started = await enqueue(tx, { name: WITHDRAWAL_REQUESTED, data: { withdrawalId: created.id, investmentAccountId: account.id } });
      return { withdrawal: held, outboxIds: [...outboxIds, started], created: true };
    },
    { timeout: 15_000, maxWait: 10_000 },
  );
}

function sameRequest(existing: Withdrawal, accountId: string) {
  if (existing.investmentAccountId !== accountId) throw new Forbidden();
  return { withdrawal: existing, outboxIds: [], created: false };
}
