/**
 * Stopping an invest or rebalance run's work for good (it was cancelled, or an operator released an account
 * whose run was lost) and giving back what it held: orders not yet placed are withdrawn, open ones are cancelled
 * at the broker and awaited, whatever filled is settled (ledger, holdings, tax lots: the shares were bought or
 * sold), and held cash that was not spent goes back to available cash. Every part is idempotent, so it can run
 * again, and beside a step of the stopped run that was still in flight when it stopped.
 */
import type { Broker } from "../brokerage/broker";
import { db } from "../db";
import { heldFor, refreshOrders, releaseUnspent, settleFills } from "./invest";
import { settleSells } from "./rebalance";
import { workKeysOf } from "./run-keys";
import type { RunKind } from "./account-run-lock";

export interface HeldWork {
  investmentAccountId: string;
  kind: RunKind;
  runKey: string;
}

/**
 * Withdraws the work's orders that were never placed and asks the broker to cancel the open ones; returns how
 * many are still open at the broker (call again until none is).
 */
export async function stopOrders(work: HeldWork, broker: Broker): Promise<number> {
  let open = 0;
  for (const key of workKeysOf(work.kind, work.runKey)) {
    await db.order.updateMany({ where: { runId: key, status: "PLANNED" }, data: { status: "CANCELED", rejectReason: "withdrawn: the run was stopped" } });
    open += await refreshOrders(key, broker, { cancelRemainders: true });
  }
  return open;
}

/** Settles what filled and releases the held cash that was not spent (once every order is final). */
export async function settleAndRelease(work: HeldWork): Promise<{ released: bigint }> {
  let released = 0n;
  for (const key of workKeysOf(work.kind, work.runKey)) {
    await settleSells(work.investmentAccountId, key);
    await settleFills(work.investmentAccountId, key);
    const held = await heldFor(work.investmentAccountId, key);
    if (held > 0n) released += await releaseUnspent(work.investmentAccountId, key, held);
  }
  return { released };
}
