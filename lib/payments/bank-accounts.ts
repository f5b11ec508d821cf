/**
 * US bank accounts an investor links through Stripe (a us_bank_account PaymentMethod on their Stripe Customer):
 * debited for recurring deposits, paid out to by withdrawals. The webhook records an account from its
 * SetupIntent's events, once (lib/payments/apply-event.ts); we keep its bank name, last four digits and type,
 * never the number.
 */
import type Stripe from "stripe";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { assertEmailVerified } from "../auth/email-verification";
import type { CurrentUser } from "../auth/sessions";
import { db, type Tx } from "../db";
import { env } from "../env";
import { Conflict, Forbidden, InvalidInput, NotFound } from "../errors";
import type { BankAccountStatus } from "../generated/prisma/client";
import { NO_REQUEST_CONTEXT, type RequestContext } from "../http/request-context";
import { notify } from "../notifications/notify";
import { parseInput } from "../validation";
import { bankLabel } from "./recurring/describe";
import { ignored, type AppliedEvent } from "./deposit-record";
import { pauseSchedulesOfBank } from "./recurring/schedules";
import { stripe } from "./stripe";
import { event, setupIntent, signed, testId } from "./test-events";
import { overHttp, type DeliverEvent } from "./test-payments";

export interface BankAccountView {
  id: string;
  bankName: string;
  last4: string;
  accountType: string;
  status: BankAccountStatus;
  testMode: boolean;
  createdAt: Date;
  verifiedAt: Date | null;
}

const bankSelect = { id: true, bankName: true, last4: true, accountType: true, status: true, testMode: true, createdAt: true, verifiedAt: true } as const;

/** The investor's linked bank accounts (not the removed ones), newest first. */
export async function listBankAccounts(userId: string): Promise<BankAccountView[]> {
  return db.linkedBankAccount.findMany({ where: { userId, status: { not: "REMOVED" } }, orderBy: { createdAt: "desc" }, select: bankSelect });
}

export interface VerifiedBankAccount extends BankAccountView {
  stripePaymentMethodId: string | null;
  /** Test-payment mode: what Stripe's test account does when debited or paid (TEST_BANK_ACCOUNTS). */
  testBehaviour: string | null;
}

/** One of the investor's bank accounts, verified and not removed: money may be taken from it or sent to it. */
export async function verifiedBankAccount(userId: string, id: string, tx: Tx = db): Promise<VerifiedBankAccount> {
  const account = z.uuid().safeParse(id).success
    ? await tx.linkedBankAccount.findFirst({ where: { id, userId }, select: { ...bankSelect, stripePaymentMethodId: true, testBehaviour: true } })
    : null;
  if (!account || account.status === "REMOVED") throw new NotFound("No such bank account.");
  if (account.status !== "VERIFIED") {
    throw new Conflict(account.status === "FAILED" ? "This bank account could not be verified: link it again." : "This bank account is still being verified.");
  }
  return account;
}

export { bankLabel };

/**
 * Stripe's documented ACH test accounts (routing number 110000000): linking succeeds for each; a debit (or a
 * payout) succeeds or fails as Stripe's test account would.
 */
export const TEST_ROUTING_NUMBER = "110000000";
export const TEST_BANK_ACCOUNTS: Record<string, { behaviour: string; label: string }> = {
  "000123456789": { behaviour: "succeeds", label: "Payments succeed" },
  "000111111116": { behaviour: "no_account", label: "Payments fail: no account found" },
  "000111111113": { behaviour: "account_closed", label: "Payments fail: account closed" },
  "000222222227": { behaviour: "insufficient_funds", label: "Payments fail: insufficient funds" },
  "000333333335": { behaviour: "debit_not_authorized", label: "Payments fail: debit not authorised" },
};

/** What the investor reads when a test account's debit fails, as Stripe's failure codes mean it. */
export const BANK_FAILURE_MESSAGES: Record<string, string> = {
  no_account: "The bank could not find this account.",
  account_closed: "The bank account is closed.",
  insufficient_funds: "The bank account did not have enough money.",
  debit_not_authorized: "The bank says the account holder did not authorise this debit.",
};

const testLinkInput = z.object({
  holderName: z.string().trim().min(1, "Enter the account holder's name.").max(100, "Use at most 100 characters."),
  routingNumber: z.string().trim().regex(/^\d{9}$/, "A routing number has 9 digits."),
  accountNumber: z.string().trim().regex(/^\d{4,17}$/, "An account number has 4 to 17 digits."),
  accountType: z.enum(["checking", "savings"], { error: "Choose checking or savings." }),
});

/**
 * Links one of Stripe's test bank accounts (test-payment mode: no Stripe keys, never in production) by sending
 * the signed setup_intent.succeeded event Stripe would send, with its PaymentMethod, to our own webhook.
 */
export async function linkTestBankAccount(user: CurrentUser, input: unknown, deliver: DeliverEvent = overHttp): Promise<{ setupIntentId: string }> {
  if (!env().testPayments) throw new Forbidden("Test bank accounts are only available without Stripe keys, outside production.");
  if (user.role !== "INVESTOR") throw new Forbidden("Only investors link bank accounts.");
  const { holderName, routingNumber, accountNumber, accountType } = parseInput(testLinkInput, input);
  const known = TEST_BANK_ACCOUNTS[accountNumber];
  if (routingNumber !== TEST_ROUTING_NUMBER || !known) {
    throw new InvalidInput("Please correct the highlighted fields.", {
      ...(routingNumber !== TEST_ROUTING_NUMBER ? { routingNumber: `In test mode the routing number is ${TEST_ROUTING_NUMBER}.` } : {}),
      ...(!known ? { accountNumber: "In test mode, use one of Stripe's test account numbers listed on this page." } : {}),
    });
  }
  await assertEmailVerified(user.id);
  const setupIntentId = testId("seti");
  const bank = { paymentMethodId: testId("pm"), customerId: null, bankName: "STRIPE TEST BANK", last4: accountNumber.slice(-4), accountType, holderName };
  await deliver(signed(event("setup_intent.succeeded", setupIntent(setupIntentId, bank, "succeeded", { user_id: user.id, test_behaviour: known.behaviour }))));
  return { setupIntentId };
}

/** The investor's Stripe Customer, created once (Stripe's idempotency key and our unique column). */
async function stripeCustomerOf(user: CurrentUser): Promise<string> {
  const stored = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { stripeCustomerId: true } });
  if (stored.stripeCustomerId) return stored.stripeCustomerId;
  const customer = await stripe().customers.create({ email: user.email, name: user.name, metadata: { user_id: user.id } }, { idempotencyKey: `user:${user.id}:customer` });
  await db.user.updateMany({ where: { id: user.id, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } });
  return customer.id;
}

/**
 * With Stripe keys: a Checkout Session in setup mode for a US bank account (Financial Connections, or
 * microdeposits), on the investor's Customer. Its SetupIntent's events link the account (applyBankAccountEvent).
 */
export async function startBankLink(user: CurrentUser, requestKey: string): Promise<{ url: string }> {
  if (env().testPayments) throw new Conflict("Without Stripe keys, link one of Stripe's test bank accounts on this page.");
  if (user.role !== "INVESTOR") throw new Forbidden("Only investors link bank accounts.");
  if (!z.uuid().safeParse(requestKey).success) throw new InvalidInput("Reload the page and try again.");
  await assertEmailVerified(user.id);
  const customer = await stripeCustomerOf(user);
  const appUrl = env().appUrl;
  const session = await stripe().checkout.sessions.create(
    {
      mode: "setup",
      currency: "usd",
      customer,
      allowed_payment_method_types: ["us_bank_account"],
      payment_method_options: { us_bank_account: { verification_method: "automatic", financial_connections: { permissions: ["payment_method"] } } },
      setup_intent_data: { metadata: { user_id: user.id } },
      metadata: { user_id: user.id },
      success_url: `${appUrl}/bank-accounts?linked=1`,
      cancel_url: `${appUrl}/bank-accounts?cancelled=1`,
    },
    { idempotencyKey: `user:${user.id}:bank-link:${requestKey}` },
  );
  if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL`);
  return { url: session.url };
}

/**
 * A SetupIntent's PaymentMethod, expanded: webhooks name it by id, so it is read from Stripe before the event is
 * applied (outside the event's transaction).
 */
export async function expandBankEvent(event: Stripe.Event): Promise<Stripe.Event> {
  if (!event.type.startsWith("setup_intent.")) return event;
  const intent = event.data.object as Stripe.SetupIntent;
  if (typeof intent.payment_method !== "string") return event;
  const paymentMethod = await stripe().paymentMethods.retrieve(intent.payment_method);
  // Spread as plain records: spreading the Stripe.Event union itself costs the type checker minutes.
  const data = { ...(event.data as unknown as Record<string, unknown>), object: { ...intent, payment_method: paymentMethod } };
  return { ...(event as unknown as Record<string, unknown>), data } as unknown as Stripe.Event;
}

async function ownerOf(tx: Tx, intent: Stripe.SetupIntent): Promise<string | null> {
  const userId = intent.metadata?.user_id;
  const customerId = typeof intent.customer === "string" ? intent.customer : (intent.customer?.id ?? null);
  if (userId && z.uuid().safeParse(userId).success) {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, stripeCustomerId: true } });
    // With a Customer, the metadata must name its owner: metadata alone never moves an account to someone else.
    if (user && (!customerId || user.stripeCustomerId === customerId)) return user.id;
    return null;
  }
  if (!customerId) return null;
  return (await tx.user.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } }))?.id ?? null;
}

/** setup_intent.succeeded / requires_action / setup_failed and payment_method.detached, in the event's transaction. */
export async function applyBankAccountEvent(tx: Tx, event: Stripe.Event): Promise<AppliedEvent> {
  if (event.type === "payment_method.detached") {
    const method = event.data.object as Stripe.PaymentMethod;
    const account = await tx.linkedBankAccount.findUnique({ where: { stripePaymentMethodId: method.id } });
    if (!account) return ignored("no bank account for this payment method");
    if (account.status === "REMOVED") return ignored("bank account already removed");
    return { outcome: "applied", depositId: null, outboxIds: await removeAccount(tx, account, null, NO_REQUEST_CONTEXT, "detached in Stripe") };
  }
  const intent = event.data.object as Stripe.SetupIntent;
  const method = typeof intent.payment_method === "object" ? intent.payment_method : null;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${intent.id}::text, 0))`;
  const existing = await tx.linkedBankAccount.findUnique({ where: { stripeSetupIntentId: intent.id } });
  if (event.type === "setup_intent.setup_failed") {
    if (!existing) return ignored("setup failed before an account was recorded");
    if (existing.status !== "PENDING_VERIFICATION") return ignored(`bank account is already ${existing.status.toLowerCase()}`);
    await tx.linkedBankAccount.update({ where: { id: existing.id }, data: { status: "FAILED" } });
    await auditBank(tx, "BANK_ACCOUNT_FAILED", existing.userId, existing.id, { reason: intent.last_setup_error?.message ?? "verification failed" });
    const notified = await notify(tx, {
      userId: existing.userId,
      kind: "DEPOSIT",
      title: `${bankLabel(existing)} could not be verified`,
      body: "Link the account again, or another one, from your bank accounts page.",
      link: "/bank-accounts",
      dedupeKey: `bank-failed:${existing.id}`,
    });
    return { outcome: "applied", depositId: null, outboxIds: notified };
  }
  if (event.type !== "setup_intent.succeeded" && event.type !== "setup_intent.requires_action") return ignored(`${event.type} is not an event Autovest acts on`);
  const verified = event.type === "setup_intent.succeeded";
  if (existing) {
    if (!verified || existing.status !== "PENDING_VERIFICATION") return ignored(`bank account is already ${existing.status.toLowerCase()}`);
    await tx.linkedBankAccount.update({ where: { id: existing.id }, data: { status: "VERIFIED", verifiedAt: new Date() } });
    await auditBank(tx, "BANK_ACCOUNT_LINKED", existing.userId, existing.id, { verified: true });
    return { outcome: "applied", depositId: null, outboxIds: await linkedNotice(tx, existing) };
  }
  if (!method || method.type !== "us_bank_account" || !method.us_bank_account) return ignored("setup intent without a US bank account");
  const userId = await ownerOf(tx, intent);
  if (!userId) return ignored("setup intent of no known investor");
  const bank = method.us_bank_account;
  const testMode = !event.livemode && env().testPayments;
  const created = await tx.linkedBankAccount.create({
    data: {
      userId,
      stripePaymentMethodId: method.id,
      stripeSetupIntentId: intent.id,
      bankName: (bank.bank_name ?? "Bank account").slice(0, 100),
      last4: bank.last4 ?? "0000",
      accountType: bank.account_type === "savings" ? "savings" : "checking",
      status: verified ? "VERIFIED" : "PENDING_VERIFICATION",
      verifiedAt: verified ? new Date() : null,
      testMode,
      testBehaviour: testMode ? (intent.metadata?.test_behaviour ?? "succeeds") : null,
    },
  });
  await auditBank(tx, "BANK_ACCOUNT_LINKED", userId, created.id, { verified, bankName: created.bankName, last4: created.last4, testMode });
  return { outcome: "applied", depositId: null, outboxIds: verified ? await linkedNotice(tx, created) : [] };
}

async function linkedNotice(tx: Tx, account: { id: string; userId: string; bankName: string; last4: string }) {
  return notify(tx, {
    userId: account.userId,
    kind: "DEPOSIT",
    title: `${bankLabel(account)} is linked`,
    body: "You can now set up recurring deposits from it. If you did not link this account, tell us at once.",
    link: "/bank-accounts",
    dedupeKey: `bank-linked:${account.id}`,
  });
}

async function auditBank(tx: Tx, action: "BANK_ACCOUNT_LINKED" | "BANK_ACCOUNT_FAILED" | "BANK_ACCOUNT_REMOVED", userId: string, id: string, details: Record<string, string | boolean>, actorId: string | null = null, context = NO_REQUEST_CONTEXT) {
  await recordAudit(tx, { action, actorId, target: { type: "LinkedBankAccount", id }, context, details: { userId, ...details } });
}

async function removeAccount(
  tx: Tx,
  account: { id: string; userId: string; bankName: string; last4: string },
  actorId: string | null,
  context: RequestContext,
  reason: string,
): Promise<string[]> {
  await tx.linkedBankAccount.update({ where: { id: account.id }, data: { status: "REMOVED", removedAt: new Date() } });
  await auditBank(tx, "BANK_ACCOUNT_REMOVED", account.userId, account.id, { reason }, actorId, context);
  const paused = await pauseSchedulesOfBank(tx, account.id, context);
  const notified = await notify(tx, {
    userId: account.userId,
    kind: "DEPOSIT",
    title: `${bankLabel(account)} was removed`,
    body: paused.count > 0 ? "Recurring deposits from it are paused: choose another bank for them." : "It can no longer be used for deposits or withdrawals.",
    link: "/bank-accounts",
    dedupeKey: `bank-removed:${account.id}`,
  });
  return [...paused.outboxIds, ...notified];
}

/**
 * Unlinks a bank account. Refused while an active or paused recurring deposit uses it: the investor cancels
 * or moves that schedule first, so no schedule stops without them deciding it. (Stripe detaching the account,
 * which we cannot refuse, pauses its schedules instead.) With Stripe keys, the PaymentMethod is detached too.
 */
export async function removeBankAccount(user: CurrentUser, id: string, context: RequestContext): Promise<{ outboxIds: string[] }> {
  const account = z.uuid().safeParse(id).success ? await db.linkedBankAccount.findFirst({ where: { id, userId: user.id } }) : null;
  if (!account || account.status === "REMOVED") throw new NotFound("No such bank account.");
  const inUse = await db.recurringDeposit.count({ where: { bankAccountId: account.id, status: { in: ["ACTIVE", "PAUSED"] } } });
  if (inUse > 0) throw new Conflict("A recurring deposit uses this bank account: cancel it, or move it to another bank, first.");
  if (!account.testMode && account.stripePaymentMethodId) await detachFromStripe(account.stripePaymentMethodId);
  const outboxIds = await db.$transaction(async (tx) => {
    const locked = await tx.linkedBankAccount.updateMany({ where: { id: account.id, status: { not: "REMOVED" } }, data: { removedAt: new Date() } });
    if (locked.count === 0) return [];
    return removeAccount(tx, account, user.id, context, "removed by the investor");
  });
  return { outboxIds };
}

async function detachFromStripe(paymentMethodId: string): Promise<void> {
  try {
    await stripe().paymentMethods.detach(paymentMethodId);
  } catch (error) {
    // Already detached (a retry after a crash, or Stripe detached it): what we wanted.
    const code = (error as { code?: string; raw?: { message?: string } }).code;
    if (code !== "resource_missing" && !String((error as Error).message).includes("not attached")) throw error;
  }
}
