import { beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../scripts/test/factories";
import { fundedInvestor, investAll, setPrices } from "../../scripts/test/investing";
import { SimulatedBroker } from "../brokerage/simulated";
import { InvalidInput, NotFound } from "../errors";
import { csvCell } from "./api-views";
import { ownAccount } from "../auth/ownership";
import { activityCsvLine } from "./activity-csv";
import { activityExport } from "./activity-export";
import { listTransactions } from "./transactions";

beforeEach(() => setPrices());

describe("transactions", () => {
  it("list the deposit and each purchase, newest first, paginated by cursor and filtered by type", async () => {
    const { user, accountId } = await fundedInvestor(50_000n);
    await investAll(accountId, new SimulatedBroker());

    const account = await ownAccount(user, accountId);
    const all = await listTransactions(account.id, { limit: "100" });
    expect(all.transactions.at(-1)).toMatchObject({ kind: "DEPOSIT", amount: 50_000n });
    const trades = all.transactions.filter((t) => t.kind === "TRADE");
    expect(trades).toHaveLength(8); // the 8 purchases; holding the cash for orders nets to zero and is left out
    expect(trades.every((t) => t.amount < 0n && t.description.startsWith("Bought "))).toBe(true);

    const first = await listTransactions(account.id, { limit: 3 });
    const second = await listTransactions(account.id, { limit: 3, cursor: first.nextCursor! });
    expect([...first.transactions, ...second.transactions].map((t) => t.id)).toEqual(all.transactions.slice(0, 6).map((t) => t.id));
    expect((await listTransactions(account.id, { type: "deposit" })).transactions.map((t) => t.kind)).toEqual(["DEPOSIT"]);
    await expect(listTransactions(account.id, { type: "bogus" })).rejects.toBeInstanceOf(InvalidInput);
    await expect(listTransactions(account.id, { cursor: "x1" })).rejects.toBeInstanceOf(InvalidInput);
  });

  it("include orders the broker refused, with its reason, beside the purchases that filled", async () => {
    const { accountId } = await fundedInvestor(100_000n);
    await investAll(accountId, new SimulatedBroker({ rejectSymbols: ["VWO"] }));
    const { transactions } = await listTransactions(accountId, {});
    const orders = transactions.filter((t) => t.kind === "ORDER");
    expect(orders).toEqual([expect.objectContaining({ amount: 0n, description: "Order to buy $50.00 of VWO rejected: symbol not tradable" })]);
    expect(transactions.filter((t) => t.kind === "TRADE")).toHaveLength(7);
    expect((await listTransactions(accountId, { type: "order" })).transactions.map((t) => t.id)).toEqual(orders.map((t) => t.id));
    // Pages join up across kinds: two at a time give the same list as all at once.
    const paged = [];
    let cursor: string | undefined;
    do {
      const page = await listTransactions(accountId, { limit: 2, cursor });
      paged.push(...page.transactions);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged.map((t) => t.id)).toEqual(transactions.map((t) => t.id));
  });

  it("show the part of an order that filled as a purchase, and an order that expired with nothing filled as an order", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    // At the demo prices with no spread, VTI's $175.00 buys at most 0.603198 shares at $290.12: 0.4 of them fill.
    await investAll(accountId, new SimulatedBroker({ spreadBps: 0, partialFills: { VTI: { fraction: "0.4", then: "expired" }, GLD: { fraction: "0", then: "expired" } } }));
    const { transactions } = await listTransactions(accountId, {});
    expect(transactions.filter((t) => t.kind === "ORDER").map((t) => t.description)).toEqual(["Order to buy $25.00 of GLD expired"]);
    const trades = transactions.filter((t) => t.kind === "TRADE");
    expect(trades).toHaveLength(7);
    // 0.241279 × $290.12 = $69.99986348 → 7,000 cents
    expect(trades.filter((t) => t.description.includes("VTI"))).toEqual([
      expect.objectContaining({ description: "Bought 0.241279 VTI (the rest of the order expired)", amount: -7_000n }),
    ]);
  });

  it("export each fill with its symbol, shares and price, and the cash balance after each row that moved cash", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    await investAll(accountId, new SimulatedBroker({ spreadBps: 0, partialFills: { VTI: { fraction: "0.4", then: "expired" }, GLD: { fraction: "0", then: "expired" } } }));
    const rows = [];
    for await (const row of activityExport(accountId, "USD", undefined, 1_000)) rows.push(row);
    expect(rows.map((row) => row.id)).toEqual((await listTransactions(accountId, { limit: 500 })).transactions.map((t) => t.id));
    const vti = rows.find((row) => row.kind === "TRADE" && row.symbol === "VTI")!;
    // Paid from the cash held for the orders: available cash did not move, so no balance.
    expect(activityCsvLine(vti, "USD")).toMatch(/^[^,]+,trade,VTI,0\.241279,290\.120000,-70\.00,0\.00,,USD,Bought 0\.241279 VTI \(the rest of the order expired\)$/);
    expect(activityCsvLine(rows.at(-1)!, "USD")).toMatch(/^[^,]+,deposit,,,,500\.00,,500\.00,USD,/);
    expect(rows.find((row) => row.kind === "ORDER")).toMatchObject({ symbol: null, quantity: null, fee: null, cashBalance: null });
    let limited = 0;
    for await (const _ of activityExport(accountId, "USD", undefined, 3)) limited++;
    expect(limited).toBe(3);
  });

  it("belong to their investor: another investor's account is not found", async () => {
    const { accountId } = await fundedInvestor(10_000n);
    await expect(ownAccount(await createUser("INVESTOR"), accountId)).rejects.toBeInstanceOf(NotFound);
    await expect(ownAccount(await createUser("INVESTOR"), "not-a-uuid")).rejects.toBeInstanceOf(NotFound);
  });

  it("escape CSV cells a spreadsheet would misread", () => {
    expect(csvCell('Bought 1 "VTI", today')).toBe('"Bought 1 ""VTI"", today"');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    // A number-looking start is no excuse: only a whole plain number goes through as it is.
    expect(csvCell("-1+cmd|' /C calc'!A0")).toBe("'-1+cmd|' /C calc'!A0");
    expect(csvCell("\t=1+1")).toBe("'\t=1+1");
    expect(csvCell("-12.50")).toBe("-12.50");
    expect(csvCell("-123.45")).toBe("-123.45");
  });
});
