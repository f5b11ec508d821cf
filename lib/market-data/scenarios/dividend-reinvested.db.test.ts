import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { browser, createUser } from "../../../scripts/test/factories";
import { DEMO_PRICES, fundedInvestor, investAll, setPrices } from "../../../scripts/test/investing";
import { db } from "../../db";
import { investorBalances } from "../../ledger/accounts";
import { transactionJson } from "../../portfolio/api-views";
import { listTransactions } from "../../portfolio/transactions";
import { recordCorporateAction } from "../corporate-actions";
import { dueDividends, payDividendPage } from "../dividends";

const EX_DATE = "2026-03-10";

async function investorWithVti(acquiredAt: string) {
  const { accountId } = await fundedInvestor(1_000_000n);
  await investAll(accountId);
  await db.taxLot.updateMany({ where: { investmentAccountId: accountId }, data: { acquiredAt: new Date(acquiredAt) } });
  return accountId;
}

/**
 * A $0.8123 dividend on VTI, ex-date 10 March 2026, paid 20 March. By hand: $10,000 on the balanced model put $3,500
 * into VTI at 290.12: 3500 / 290.12 = 12.0639735… → 12.063973 shares; 12.063973 × 0.8123 = 9.79956… → $9.79 (rounded
 * down to the cent). Holders of record are those who held at the end of 9 March, whatever they did afterwards.
 */
it("pays each holder of record once, shows it in activity, notifications and the CSV, and reinvests it into the most underweight fund", async () => {
  await setPrices();
  const holder = await investorWithVti("2026-03-09T15:00:00Z");
  const soldAfter = await investorWithVti("2026-03-09T15:00:00Z");
  const boughtAfter = await investorWithVti("2026-03-10T15:00:00Z");
  const soldBefore = await investorWithVti("2026-03-02T15:00:00Z");
  // Sold everything on 12 March, after the ex-date: still a holder of record.
  await db.taxLot.updateMany({ where: { investmentAccountId: soldAfter, symbol: "VTI" }, data: { remainingQuantity: "0" } });
  // Sold everything on 5 March, before the ex-date: not a holder of record.
  await db.taxLot.updateMany({ where: { investmentAccountId: soldBefore, symbol: "VTI" }, data: { remainingQuantity: "0" } });
  await db.order.create({
    data: {
      investmentAccountId: soldBefore, runId: "sold-before", clientOrderId: randomUUID(), symbol: "VTI", side: "SELL", quantity: "12.063973",
      status: "FILLED", filledQuantity: "12.063973", filledPrice: "290.12", filledNotional: 350_000n, settledAt: new Date("2026-03-05T20:00:00Z"),
    },
  });
  const cashBefore = (await investorBalances(holder)).INVESTOR_CASH;

  const admin = await createUser("ADMIN");
  const dividend = await recordCorporateAction(
    admin,
    { kind: "CASH_DIVIDEND", symbol: "VTI", exDate: EX_DATE, recordDate: "2026-03-11", payDate: "2026-03-20", amountPerShare: "0.8123", qualified: "on" },
    browser(),
  );
  expect(await dueDividends(new Date("2026-03-19T23:00:00Z"))).toEqual([]);
  expect(await dueDividends(new Date("2026-03-20T13:30:00Z"))).toEqual([dividend.id]);

  // The workflow, run twice (a replay, or the next day's cron before it was marked paid): paid once.
  const { InngestTestEngine } = await import("@inngest/test");
  const { payDividends } = await import("../../../inngest/functions/pay-dividends");
  const run = () => new InngestTestEngine({ function: payDividends, events: [{ name: "dividends/pay.requested", data: { actionId: dividend.id, after: null } }] }).execute();
  expect((await run()).result).toEqual({ actionId: dividend.id, accounts: 2, pages: 1, continuedFrom: null });
  expect((await run()).result).toEqual({ actionId: dividend.id, accounts: 0, pages: 1, continuedFrom: null });
  expect(await payDividendPage(dividend.id, null)).toEqual({ last: null, count: 0, cents: "0" });
  expect((await db.corporateAction.findUniqueOrThrow({ where: { id: dividend.id } })).paidAt).not.toBeNull();
  expect(await dueDividends(new Date("2026-03-21T13:30:00Z"))).toEqual([]);

  expect((await investorBalances(holder)).INVESTOR_CASH).toBe(cashBefore + 979n);
  const paid = async (accountId: string) => (await listTransactions(accountId, { type: "dividend" })).transactions;
  expect((await paid(holder)).map((t) => [t.kind, t.amount, t.description])).toEqual([["DIVIDEND", 979n, "Dividend from VTI: 12.063973 shares × $0.8123"]]);
  expect((await paid(soldAfter)).map((t) => t.amount)).toEqual([979n]);
  expect(await paid(boughtAfter)).toEqual([]);
  expect(await paid(soldBefore)).toEqual([]);
  const csv = transactionJson((await paid(holder))[0]!, "USD");
  expect([csv.type, csv.description, csv.amount]).toEqual(["dividend", "Dividend from VTI: 12.063973 shares × $0.8123", "9.79"]);
  const owner = await db.investmentAccount.findUniqueOrThrow({ where: { id: holder } });
  expect(await db.notification.findMany({ where: { userId: owner.userId, kind: "DIVIDEND" }, select: { title: true, link: true } })).toEqual([
    { title: "Dividend of $9.79 from VTI", link: "/activity" },
  ]);
  expect(await db.auditLog.count({ where: { targetId: dividend.id, action: "CORPORATE_ACTION_PAID" } })).toBe(1);
  // Each payment is audited with the money it moved, once however often the workflow ran.
  const audited = await db.auditLog.findMany({ where: { targetType: "InvestmentAccount", targetId: { in: [holder, soldAfter, boughtAfter, soldBefore] }, action: "CORPORATE_ACTION_PAID" } });
  expect(audited.map((a) => [a.targetId, (a.details as { cents: string }).cents]).sort()).toEqual([[holder, "979"], [soldAfter, "979"]].sort());

  // The invest workflow is asked, once per account, to invest the cash.
  const requests = await db.outboxEvent.findMany({ where: { name: "account/invest.requested", dedupeKey: { startsWith: `dividend-reinvest:${dividend.id}:` } } });
  expect(requests.map((r) => r.data).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
    [holder, soldAfter].sort().map((investmentAccountId) => ({ investmentAccountId, reason: "dividend" })),
  );
  // Bonds fell 72.85 → 65.00 since: BND is now the fund furthest below its 25%, and the $9.79 (with any cents
  // left idle before) all goes there.
  await setPrices({ ...DEMO_PRICES, BND: "65.00" });
  const runId = randomUUID();
  const { held } = await investAll(holder, undefined, runId);
  expect(held).toBe(cashBefore + 979n);
  const buys = await db.order.findMany({ where: { runId }, select: { symbol: true, notional: true } });
  expect(buys).toEqual([{ symbol: "BND", notional: held }]);
});
