import type { Tx } from "../db";

/**
 * Whether a user has a second factor enrolled, so that a first factor (password or OpenID provider) opens a session
 * that waits for it (Session.secondFactorPending). The factor tables arrive with issue 14's item 1 (passkeys, TOTP,
 * recovery codes); until then no user has one. Replace this body with a read of those tables when they land.
 */
export async function hasSecondFactor(tx: Tx, userId: string): Promise<boolean> {
  void tx;
  void userId;
  return false;
}
