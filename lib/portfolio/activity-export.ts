/**
 * The account's whole activity for the CSV export, newest first: each page of listTransactions with what the
 * ledger and the orders add (the security, shares and price of a fill or dividend, the fee, the cash balance
 * after it).
 */
import Decimal from "decimal.js";
import { db } from "../db";
import { investorLedger } from "../ledger/accounts";
import type { ActivityExportRow } from "./activity-csv";
import { listTransactions, type Transaction } from "./transactions";

const PAGE = 500;

async function enrich(page: Transaction[], cashLedgerId: bigint): Promise<ActivityExportRow[]> {
  const entryIds = page.filter((t) => t.id.startsWith("entry:")).map((t) => BigInt(t.id.slice("entry:".length)));
  const [entries, postings] = await Promise.all([
    db.journalEntry.findMany({ where: { id: { in: entryIds } }, select: { id: true, causeType: true, causeId: true } }),
    db.posting.findMany({ where: { entryId: { in: entryIds }, ledgerAccountId: cashLedgerId }, select: { entryId: true, balanceAfter: true, accountVersion: true } }),
  ]);
  const causeOf = new Map(entries.map((entry) => [entry.id.toString(), entry]));
  const orderIds = entries.filter((e) => e.causeType === "Order" && e.causeId).map((e) => e.causeId!);
  const actionIds = entries.filter((e) => e.causeType === "CorporateAction" && e.causeId).map((e) => e.causeId!);
  const [orders, actions] = await Promise.all([
    db.order.findMany({ where: { id: { in: orderIds } }, select: { id: true, symbol: true, side: true, filledQuantity: true, filledPrice: true } }),
    db.corporateAction.findMany({ where: { id: { in: actionIds } }, select: { id: true, symbol: true } }),
  ]);
  const orderOf = new Map(orders.map((order) => [order.id, order]));
  const actionOf = new Map(actions.map((action) => [action.id, action]));
  // An entry posts to an account once; were it twice, the later version is the balance after the entry.
  const balanceOf = new Map<string, { balance: bigint; version: bigint }>();
  for (const posting of postings) {
    const key = posting.entryId.toString();
    const seen = balanceOf.get(key);
    if (!seen || posting.accountVersion > seen.version) balanceOf.set(key, { balance: posting.balanceAfter, version: posting.accountVersion });
  }
  return page.map((t) => {
    const entryId = t.id.startsWith("entry:") ? t.id.slice("entry:".length) : null;
    const cause = entryId ? causeOf.get(entryId) : undefined;
    const order = cause?.causeType === "Order" ? orderOf.get(cause.causeId ?? "") : undefined;
    const action = cause?.causeType === "CorporateAction" ? actionOf.get(cause.causeId ?? "") : undefined;
    const shares = order?.filledQuantity ? new Decimal(order.filledQuantity.toString()) : null;
    return {
      ...t,
      symbol: order?.symbol ?? action?.symbol ?? null,
      quantity: shares && order ? (order.side === "SELL" ? shares.negated() : shares) : null,
      price: order?.filledPrice ? new Decimal(order.filledPrice.toString()) : null,
      fee: t.kind === "FEE" ? -t.amount : t.kind === "TRADE" ? 0n : null,
      cashBalance: entryId ? (balanceOf.get(entryId)?.balance ?? null) : null,
    };
  });
}

/** Every row of the account's activity (of one `type`, if given), newest first, at most `maxRows`. */
export async function* activityExport(accountId: string, currency: string, type: string | undefined, maxRows: number): AsyncGenerator<ActivityExportRow> {
  const ledger = await investorLedger(db, accountId);
  let cursor: string | undefined;
  let sent = 0;
  do {
    const page = await listTransactions(accountId, { cursor, type, limit: PAGE }, currency);
    for (const row of await enrich(page.transactions, ledger.INVESTOR_CASH)) {
      if (sent++ >= maxRows) return;
      yield row;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
