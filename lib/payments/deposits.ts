import { cache } from "react";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { assertEmailVerified } from "../auth/email-verification";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { env } from "../env";
import { Forbidden, NotFound } from "../errors";
import type { DepositMethod, DepositStatus, InvestmentAccountStatus } from "../generated/prisma/client";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../validation";
import { assertKycApproved } from "../kyc/profile";
import { parseDepositAmount } from "./amount";
import { stripe } from "./stripe";

export interface DepositView {
  id: string;
  amount: bigint;
  currency: string;
  method: DepositMethod;
  status: DepositStatus;
  testMode: boolean;
  failureMessage: string | null;
  /** Stripe's decline or return code; failure-reasons.ts explains it. */
  failureCode: string | null;
  refundedAmount: bigint;
  createdAt: Date;
  settledAt: Date | null;
}

const depositSelect = {
  id: true,
  amount: true,
  currency: true,
  method: true,
  status: true,
  testMode: true,
  failureMessage: true,
  failureCode: true,
  refundedAmount: true,
  createdAt: true,
  settledAt: true,
} as const;

/**
 * The investor's (first) investment account, where deposits go, as this request first read it: one read per
 * page however many of its parts ask (React's per-request cache; a server action reads afresh).
 */
export const investmentAccountRecordOf = cache(async (userId: string) =>
  db.investmentAccount.findFirst({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { id: true, status: true, currency: true, modelVersionId: true },
  }),
);

/** The investor's account id and currency, which never change. */
export async function accountOf(user: CurrentUser): Promise<{ id: string; currency: string }> {
  const { id, currency } = await investmentAccountOf(user);
  return { id, currency };
}

export async function investmentAccountOf(user: CurrentUser): Promise<{ id: string; status: InvestmentAccountStatus; currency: string }> {
  if (user.role !== "INVESTOR") throw new Forbidden("Only investors have an investment account.");
  const account = await investmentAccountRecordOf(user.id);
  if (!account) throw new NotFound("You have no investment account yet.");
  return { id: account.id, status: account.status, currency: account.currency };
}

const depositInput = z.object({
  amount: z.unknown(),
  method: z.enum(["CARD", "US_BANK_ACCOUNT"], { error: "Choose card or bank account." }),
  requestKey: z.uuid({ error: "Reload the page and try again." }),
});

/**
 * Starts a deposit. The form's request key makes a double submit one deposit. With Stripe keys it opens a
 * Checkout Session (card or US bank account; card data never reaches us) and returns its URL; without
 * them, the deposit waits for a payment in the local test-payment mode.
 */
export async function requestDeposit(
  user: CurrentUser,
  input: unknown,
  context: RequestContext,
): Promise<{ deposit: DepositView; checkoutUrl: string | null }> {
  const { method, requestKey, amount: rawAmount } = parseInput(depositInput, input);
  const amount = parseDepositAmount(rawAmount);
  const account = await investmentAccountOf(user);
  await assertKycApproved(user.id);
  await assertEmailVerified(user.id);
  const testMode = env().testPayments;

  const deposit = await db.$transaction(async (tx) => {
    const existing = await tx.deposit.findUnique({ where: { requestKey }, select: { ...depositSelect, investmentAccountId: true } });
    if (existing) {
      if (existing.investmentAccountId !== account.id) throw new Forbidden();
      return existing;
    }
    const created = await tx.deposit.create({
      data: { investmentAccountId: account.id, amount, currency: account.currency, method, requestKey, testMode },
      select: { ...depositSelect, investmentAccountId: true },
    });
    await recordAudit(tx, {
      action: "DEPOSIT_REQUESTED",
      actorId: user.id,
      target: { type: "Deposit", id: created.id },
      context,
      details: { amount: amount.toString(), currency: account.currency, method, testMode },
    });
    return created;
  });
  if (testMode) return { deposit, checkoutUrl: null };
  return { deposit, checkoutUrl: await checkoutUrlFor(deposit, user) };
}

async function checkoutUrlFor(deposit: DepositView, user: CurrentUser): Promise<string> {
  const stored = await db.deposit.findUniqueOrThrow({ where: { id: deposit.id }, select: { checkoutUrl: true } });
  if (stored.checkoutUrl) return stored.checkoutUrl;
  const appUrl = env().appUrl;
  const session = await stripe().checkout.sessions.create(
    {
      mode: "payment",
      allowed_payment_method_types: [deposit.method === "CARD" ? "card" : "us_bank_account"],
      line_items: [
        {
          quantity: 1,
          price_data: { currency: deposit.currency.toLowerCase(), unit_amount: Number(deposit.amount), product_data: { name: "Deposit to your Autovest account" } },
        },
      ],
      customer_email: user.email,
      client_reference_id: deposit.id,
      metadata: { deposit_id: deposit.id },
      payment_intent_data: { metadata: { deposit_id: deposit.id } },
      success_url: `${appUrl}/dashboard?deposit=${deposit.id}`,
      cancel_url: `${appUrl}/deposit?cancelled=${deposit.id}`,
    },
    { idempotencyKey: `deposit:${deposit.id}:checkout` },
  );
  if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL`);
  await db.deposit.update({ where: { id: deposit.id }, data: { stripeCheckoutSessionId: session.id, checkoutUrl: session.url } });
  return session.url;
}

/** The investor's deposits, newest first. */
export async function listDeposits(user: CurrentUser, { take = 20 } = {}): Promise<DepositView[]> {
  const account = await accountOf(user);
  return db.deposit.findMany({
    where: { investmentAccountId: account.id },
    orderBy: { createdAt: "desc" },
    take,
    select: depositSelect,
  });
}

/** Whether deposits are paid in the local test-payment mode (no Stripe keys, not production). */
export function testPaymentsEnabled(): boolean {
  return env().testPayments;
}
