import { z } from "zod";
import { createAccount, newAccountInput, openInvestorAccount, type AccountSummary } from "../auth/accounts";
import { canManageUsers, ROLES, STAFF_ROLES } from "../auth/roles";
import type { CurrentUser } from "../auth/sessions";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { Conflict, Forbidden, InvalidInput, NotFound } from "../errors";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../validation";

function assertCanManageUsers(actor: CurrentUser): void {
  if (!canManageUsers(actor.role)) throw new Forbidden("Only an admin can manage accounts and roles.");
}

const staffAccountInput = newAccountInput.and(
  z.object({ role: z.enum(STAFF_ROLES, { error: "Choose Advisor or Admin." }) }),
);

/** An admin creates an advisor or another admin (investors sign up themselves). */
export async function createStaffAccount(
  actor: CurrentUser,
  input: unknown,
  context: RequestContext,
): Promise<AccountSummary> {
  assertCanManageUsers(actor);
  const { role, ...account } = parseInput(staffAccountInput, input);
  return createAccount(account, role, { actorId: actor.id, context });
}

const roleChangeInput = z.object({
  userId: z.uuid({ error: "Unknown account." }),
  role: z.enum(ROLES, { error: "Choose Investor, Advisor or Admin." }),
});

/**
 * Changes an account's role, audited with the old and new role. The row is locked so two admins
 * changing roles at once cannot both remove the last admin.
 */
export async function changeRole(actor: CurrentUser, input: unknown, context: RequestContext): Promise<AccountSummary> {
  assertCanManageUsers(actor);
  const { userId, role } = parseInput(roleChangeInput, input);
  if (userId === actor.id) throw new InvalidInput("You cannot change your own role.", { role: "You cannot change your own role." });

  return db.$transaction(async (tx) => {
    // Admin rows are locked in a fixed order, so concurrent changes serialise instead of deadlocking.
    await tx.$queryRaw`SELECT "id" FROM "User" WHERE "role" = 'ADMIN' OR "id" = ${userId}::uuid ORDER BY "id" FOR UPDATE`;
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, role: true } });
    if (!user) throw new NotFound("Unknown account.");
    if (user.role === role) throw new Conflict(`This account is already ${role.toLowerCase()}.`);
    if (user.role === "ADMIN" && (await tx.user.count({ where: { role: "ADMIN" } })) <= 1) {
      throw new Conflict("This is the last admin; make another admin first.");
    }
    // Model editing is an advisor's permission: it does not survive a change of role (and is not regained by one).
    const dropsModelPermission = role !== "ADVISOR" && (await tx.user.count({ where: { id: userId, canManageModels: true } })) === 1;
    const updated = await tx.user.update({
      where: { id: userId },
      data: { role, canManageModels: false },
      select: { id: true, email: true, name: true, role: true },
    });
    if (role === "INVESTOR" && (await tx.investmentAccount.count({ where: { userId } })) === 0) {
      await openInvestorAccount(tx, userId, { actorId: actor.id, context });
    }
    await recordAudit(tx, {
      action: "USER_ROLE_CHANGED",
      actorId: actor.id,
      target: { type: "User", id: userId },
      context,
      details: { from: user.role, to: role },
    });
    if (dropsModelPermission) {
      await recordAudit(tx, {
        action: "MODEL_PERMISSION_CHANGED",
        actorId: actor.id,
        target: { type: "User", id: userId },
        context,
        details: { canManageModels: false, reason: "role changed" },
      });
    }
    return updated;
  });
}

export interface AccountListing extends AccountSummary {
  createdAt: Date;
}

/** Accounts for the admin's user page, newest first. */
export async function listAccounts(actor: CurrentUser, { take = 100 } = {}): Promise<AccountListing[]> {
  assertCanManageUsers(actor);
  return db.user.findMany({
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, email: true, name: true, role: true, createdAt: true },
  });
}

/** How many accounts each role has (the advisor dashboard's headline figures). */
export async function countAccountsByRole(actor: CurrentUser): Promise<Record<(typeof ROLES)[number], number>> {
  if (actor.role === "INVESTOR") throw new Forbidden();
  const groups = await db.user.groupBy({ by: ["role"], _count: { _all: true } });
  const counts = { INVESTOR: 0, ADVISOR: 0, ADMIN: 0 };
  for (const group of groups) counts[group.role] = group._count._all;
  return counts;
}
