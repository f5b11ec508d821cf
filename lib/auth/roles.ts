import type { Role } from "../generated/prisma/client";

export type { Role };

export const ROLES = ["INVESTOR", "ADVISOR", "ADMIN"] as const satisfies readonly Role[];
export const STAFF_ROLES = ["ADVISOR", "ADMIN"] as const satisfies readonly Role[];

/** Where each role lands after signing in. */
export function homePathFor(role: Role): string {
  return role === "INVESTOR" ? "/dashboard" : "/admin";
}

export function isStaff(role: Role): boolean {
  return role === "ADVISOR" || role === "ADMIN";
}

/** Creating staff accounts and changing roles is for admins only. */
export function canManageUsers(role: Role): boolean {
  return role === "ADMIN";
}

/** Recording corporate actions and deciding flagged price moves changes holdings and money: admins only (advisors see the queue). */
export function canRecordCorporateActions(role: Role): boolean {
  return role === "ADMIN";
}
