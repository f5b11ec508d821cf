import { z } from "zod";
import { recordAudit } from "../audit/record";
import { openInvestmentAccount } from "../ledger/accounts";
import type { Tx } from "../db";
import { db } from "../db";
import { InvalidInput } from "../errors";
import { parseInput, personName } from "../validation";
import type { Role } from "../generated/prisma/client";
import type { RequestContext } from "../http/request-context";
import { emailField } from "./email";
import { hashPassword, passwordProblem } from "./password";

/** The fields every new account has, validated the same way for sign-up and for staff created by an admin. */
export const newAccountInput = z
  .object({
    name: personName,
    email: emailField,
    password: z.string({ error: "Choose a password." }).superRefine((password, ctx) => {
      const problem = passwordProblem(password);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  }, { error: "Send the account details." })
  .superRefine((value, ctx) => {
    // Runs once every field is valid: the rules that need the email too.
    const problem = passwordProblem(value.password, value.email);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });

export type NewAccountInput = z.infer<typeof newAccountInput>;

export interface AccountSummary {
  id: string;
  email: string;
  name: string;
  role: Role;
}

const EMAIL_TAKEN = "An account with this email already exists. Sign in instead.";

/**
 * Creates an account and its audit record in one transaction. The unique index on email decides races
 * between two sign-ups with the same address: the loser gets the same message as a sequential duplicate.
 */
export async function createAccount(
  input: NewAccountInput,
  role: Role,
  audit: { actorId: string | null; context: RequestContext },
): Promise<AccountSummary> {
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    throw new InvalidInput(EMAIL_TAKEN, { email: EMAIL_TAKEN });
  }
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash, role },
        select: { id: true, email: true, name: true, role: true },
      });
      await recordAudit(tx, {
        action: audit.actorId ? "USER_CREATED" : "USER_SIGNED_UP",
        actorId: audit.actorId ?? user.id,
        target: { type: "User", id: user.id },
        context: audit.context,
        details: { email: user.email, role },
      });
      if (role === "INVESTOR") await openInvestorAccount(tx, user.id, { actorId: audit.actorId ?? user.id, context: audit.context });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new InvalidInput(EMAIL_TAKEN, { email: EMAIL_TAKEN });
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

/** Public sign-up: always an investor. */
export async function signUp(input: unknown, context: RequestContext): Promise<AccountSummary> {
  return createAccount(parseInput(newAccountInput, input), "INVESTOR", { actorId: null, context });
}

/** Every investor has a taxable account from the start; opened and audited in the caller's transaction. */
export async function openInvestorAccount(
  tx: Tx,
  userId: string,
  audit: { actorId: string | null; context: RequestContext },
): Promise<{ id: string }> {
  const account = await openInvestmentAccount(tx, userId, "TAXABLE");
  await recordAudit(tx, {
    action: "INVESTMENT_ACCOUNT_OPENED",
    actorId: audit.actorId,
    target: { type: "InvestmentAccount", id: account.id },
    context: audit.context,
    details: { userId, type: "TAXABLE" },
  });
  return account;
}
