import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { browser, createInvestor, createUser } from "../../scripts/test/factories";
import { BALANCED_1000, fundedInvestor, investAll, setPrices } from "../../scripts/test/investing";
import { pdfText } from "../../scripts/test/pdf-text";
import { db } from "../db";
import { NotFound } from "../errors";
import { platformAccount } from "../ledger/accounts";
import { postJournalEntry } from "../ledger/post";
import { settleSells } from "../investing/rebalance";
import { documentFile, documentsOfInvestor } from "./documents";
import { accountsForStatements, generateConfirmation, generateStatement } from "./generate";
import { requestStatements } from "./request-statements";
import { maskedAccount, reconciles, statementFigures } from "./statement";
import { statementBooks } from "./statement-books";
import { monthPeriod } from "./statement";
import { tradeDate } from "../tax/holding-period";

/** The books' month under way (entries booked now fall in it). */
const month = new Date().toISOString().slice(0, 7);

beforeAll(() => setPrices());

/** Money moved straight into and out of the account's cash, as the withdrawal and fee workflows will post it. */
async function post(kind: "DIVIDEND" | "FEE" | "WITHDRAWAL", postings: { account: bigint; amount: bigint }[]) {
  await postJournalEntry(db, { idempotencyKey: `${kind}:${randomUUID()}`, kind, memo: `Test ${kind.toLowerCase()}`, postings });
}

/**
 * $1,000.00 deposited and invested (BALANCED_1000: holdings $999.92, no cash), then, worked by hand:
 * - a dividend of $3.00 in, a fee of $1.25 out, a withdrawal of $1.00 (held, then paid out: the hold nets zero);
 * - 0.5 VTI sold at $300.00: $150.00 in; the lot cost $290.12 a share, so basis $145.06 and a short-term gain of $4.94;
 *   VTI left 0.706397 × $290.12 = $204.93989764 → $204.93.
 * Cash $150.75; holdings $999.92 − $349.99 + $204.93 = $854.86; closing value $1,005.61.
 * Market change = 1,005.61 − 0 − 1,000.00 + 1.00 − 3.00 + 1.25 = $4.86 (the sale's $4.94 less eight one-cent roundings).
 */
async function monthOfActivity() {
  const investor = await fundedInvestor(100_000n);
  await investAll(investor.accountId);
  const { ledger, accountId } = investor;
  await post("DIVIDEND", [
    { account: await platformAccount("BROKER_CLEARING", accountId), amount: -300n },
    { account: ledger.INVESTOR_CASH, amount: 300n },
  ]);
  await post("FEE", [
    { account: ledger.INVESTOR_CASH, amount: -125n },
    { account: await platformAccount("PLATFORM_REVENUE", accountId), amount: 125n },
  ]);
  await post("WITHDRAWAL", [
    { account: ledger.INVESTOR_CASH, amount: -100n },
    { account: ledger.INVESTOR_CASH_HELD, amount: 100n },
  ]);
  await post("WITHDRAWAL", [
    { account: ledger.INVESTOR_CASH_HELD, amount: -100n },
    { account: await platformAccount("STRIPE_CLEARING", accountId), amount: 100n },
  ]);
  const runId = randomUUID();
  await db.order.create({
    data: {
      investmentAccountId: accountId,
      runId,
      clientOrderId: `${runId}:VTI:SELL`,
      symbol: "VTI",
      side: "SELL",
      quantity: "0.5",
      status: "FILLED",
      filledQuantity: "0.5",
      filledPrice: "300",
      filledNotional: 15_000n,
    },
  });
  expect(await settleSells(accountId, runId)).toBe(1);
  return investor;
}

describe("a month's statement", () => {
  it("shows the month's flows, trades, holdings and realised gain from the books, and reconciles", async () => {
    const { accountId, user } = await monthOfActivity();

    const disposals = await db.lotDisposal.findMany({ where: { investmentAccountId: accountId } });
    expect(disposals.map((d) => ({ symbol: d.symbol, quantity: d.quantity.toString(), proceeds: d.proceeds, basis: d.basis, gain: d.gain, term: d.term }))).toEqual([
      { symbol: "VTI", quantity: "0.5", proceeds: 15_000n, basis: 14_506n, gain: 494n, term: "SHORT" },
    ]);

    const books = await statementBooks(accountId, monthPeriod(month), { monthToDate: false, now: new Date() });
    const figures = statementFigures(books);
    expect(figures).toEqual({
      openingValue: 0n,
      deposits: 100_000n,
      withdrawals: 100n,
      dividends: 300n,
      fees: 125n,
      adjustments: 0n,
      marketChange: 486n,
      closingValue: 100_561n,
    });
    expect(reconciles(figures)).toBe(true);
    expect(books.closingCash).toBe(15_075n);
    expect(books.holdings.find((h) => h.symbol === "VTI")).toMatchObject({ quantity: "0.706397", value: 20_493n });
    expect(books.holdings.find((h) => h.symbol === "BND")).toMatchObject({ quantity: BALANCED_1000.holdings.BND.quantity, value: BALANCED_1000.holdings.BND.value });
    expect(books.trades.map((t) => `${t.side} ${t.symbol}`)).toContain("SELL VTI");
    expect(books.trades).toHaveLength(9);

    // The next month opens where this one closed: nothing moved in it, so no flows and no market change.
    const nextMonth = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)).toISOString().slice(0, 7);
    const next = statementFigures(await statementBooks(accountId, monthPeriod(nextMonth), { monthToDate: false, now: new Date() }));
    expect(next).toMatchObject({ openingValue: 100_561n, deposits: 0n, withdrawals: 0n, dividends: 0n, fees: 0n, marketChange: 0n, closingValue: 100_561n });

    const generated = await generateStatement(accountId, month);
    expect(generated.created).toBe(true);
    const { content, view } = await documentFile(user, generated.documentId);
    expect(view.fileName).toBe(`autovest-statement-${month}.pdf`);
    const text = await pdfText(content);
    for (const line of [
      maskedAccount(accountId),
      "Opening value $0.00",
      "Deposits $1,000.00",
      "Withdrawals -$1.00",
      "Dividends $3.00",
      "Fees -$1.25",
      "Market change $4.86",
      "Closing value $1,005.61",
      "0.706397 $290.12 $204.93",
      "Cash Cash (available and held) $150.75",
      "Total $1,005.61",
      "Short-term: $4.94 · Long-term: $0.00 · Total: $4.94",
    ]) {
      expect(text).toContain(line);
    }
    expect(text).not.toContain(accountId);
  });

  it("is made once however often it is generated, and announced once", async () => {
    const { accountId, user } = await fundedInvestor(50_000n);
    const first = await generateStatement(accountId, month);
    const again = await Promise.all([generateStatement(accountId, month), generateStatement(accountId, month)]);
    expect(again.map((g) => [g.documentId, g.created])).toEqual([
      [first.documentId, false],
      [first.documentId, false],
    ]);
    expect(await db.document.count({ where: { investmentAccountId: accountId } })).toBe(1);
    const notices = await db.notification.findMany({ where: { userId: user.id, kind: "DOCUMENT" } });
    expect(notices.map((n) => [n.title, n.link])).toEqual([[`Your ${new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date())} statement is ready`, "/documents"]]);
    expect(first.outboxIds).toHaveLength(1);
    // Kept: the database refuses to change a document.
    await expect(db.document.update({ where: { id: first.documentId }, data: { size: 1 } })).rejects.toThrow(/append-only/);
  });

  it("a month with no activity still gets a statement, with zeros", async () => {
    const { accountId, user } = await createInvestor();
    const { documentId } = await generateStatement(accountId, month);
    const text = await pdfText((await documentFile(user, documentId)).content);
    for (const line of ["Opening value $0.00", "Deposits $0.00", "Market change $0.00", "Closing value $0.00", "No trades this period.", "No sales this period"]) {
      expect(text).toContain(line);
    }
  });

  it("a month to date says so, and is kept beside the month's own statement", async () => {
    const { accountId, user } = await fundedInvestor(20_000n);
    const interim = await generateStatement(accountId, month, { monthToDate: true });
    const final = await generateStatement(accountId, month);
    expect(interim.documentId).not.toBe(final.documentId);
    const text = await pdfText((await documentFile(user, interim.documentId)).content);
    expect(text).toContain("month to date");
    expect(text).toContain("Deposits $200.00");
    const titles = (await documentsOfInvestor(user)).map((d) => d.title);
    expect(titles).toHaveLength(2);
    expect(titles.filter((t) => t.includes("(month to"))).toHaveLength(1);
  });
});

describe("a trade day's confirmation", () => {
  it("lists the day's fills, once; a day without fills has none", async () => {
    const { accountId, user } = await fundedInvestor(100_000n);
    await investAll(accountId);
    const today = tradeDate(new Date());
    const confirmation = (await generateConfirmation(accountId, today))!;
    expect(confirmation.created).toBe(true);
    expect((await generateConfirmation(accountId, today))!.created).toBe(false);
    const text = await pdfText((await documentFile(user, confirmation.documentId)).content);
    expect(text).toContain("VTI Bought 1.206397 $290.12 $350.00");
    expect(text).toContain("Bought: $1,000.00 · Sold: $0.00");
    expect(await generateConfirmation(accountId, "2020-01-02")).toBeNull();
  });
});

describe("who may download a document", () => {
  it("its owner, their advisor and an admin; another investor or advisor never", async () => {
    const { accountId, user: owner } = await createInvestor();
    const { documentId } = await generateStatement(accountId, month);
    const advisor = await createUser("ADVISOR");
    await db.user.update({ where: { id: owner.id }, data: { advisorId: advisor.id } });
    const admin = await createUser("ADMIN");
    for (const reader of [owner, advisor, admin]) expect((await documentFile(reader, documentId)).view.id).toBe(documentId);

    const stranger = await createUser("INVESTOR");
    await expect(documentFile(stranger, documentId)).rejects.toThrow(NotFound);
    await expect(documentFile(stranger, "not-a-uuid")).rejects.toThrow(NotFound);
    await expect(documentFile(await createUser("ADVISOR"), documentId)).rejects.toThrow("This client is not assigned to you.");
    expect(await documentsOfInvestor(stranger)).toEqual([]);
  });
});

describe("the accounts a month's statements go to", () => {
  it("every account opened by the month's end, except those closed before it began", async () => {
    const open = await createInvestor();
    const closedEarlier = await createInvestor();
    const closedDuring = await createInvestor();
    const start = new Date(`${month}-01T00:00:00Z`);
    await db.user.update({ where: { id: closedEarlier.user.id }, data: { closedAt: new Date(start.getTime() - 86_400_000) } });
    await db.user.update({ where: { id: closedDuring.user.id }, data: { closedAt: new Date(start.getTime() + 3_600_000) } });
    const listed = await accountsForStatements(month, null, 10_000);
    expect(listed).toEqual(expect.arrayContaining([open.accountId, closedDuring.accountId]));
    expect(listed).not.toContain(closedEarlier.accountId);
    expect(await accountsForStatements("2020-01", null, 10)).toEqual([]);
  });
});

describe("an operator's request for statements", () => {
  it("is staff only, audited, refuses a month not begun, and marks the month under way as month to date", async () => {
    const admin = await createUser("ADMIN");
    const now = new Date("2026-12-02T15:00:00Z");
    await expect(requestStatements(await createUser("INVESTOR"), { month: "2026-11" }, browser(), now)).rejects.toThrow("Only staff");
    await expect(requestStatements(admin, { month: "2027-01" }, browser(), now)).rejects.toThrow("has not begun");
    expect(await requestStatements(admin, { month: "2026-12" }, browser(), now)).toMatchObject({ month: "2026-12", monthToDate: true });
    const past = await requestStatements(admin, { month: "2026-11" }, browser(), now);
    expect(past).toMatchObject({ month: "2026-11", monthToDate: false });
    expect((await db.outboxEvent.findUniqueOrThrow({ where: { id: past.outboxId } })).data).toEqual({ month: "2026-11", monthToDate: false, after: null });
    const audits = await db.auditLog.findMany({ where: { action: "STATEMENTS_REQUESTED", actorId: admin.id }, orderBy: { id: "asc" } });
    expect(audits.map((a) => a.details)).toEqual([
      { month: "2026-12", monthToDate: true },
      { month: "2026-11", monthToDate: false },
    ]);
  });
});
