import { describe, expect, it } from "vitest";
import { createUser } from "../../scripts/test/factories";
import { BALANCED_1000, fundedInvestor, investAll, setPrices } from "../../scripts/test/investing";
import { listClients } from "../advisor/clients";
import { overviewFor } from "../advisor/overview";
import { clientPortfolio } from "../advisor/workspace";
import { db } from "../db";
import { platformAccount } from "../ledger/accounts";
import { postJournalEntry } from "../ledger/post";
import { accountValue } from "./account-value";
import { holdingsJson } from "./api-views";
import { holdingsOf } from "../investing/portfolio";
import { revaluePortfolios } from "./snapshots";

describe("an account's value", () => {
  it("is one figure for the investor, the API, the advisor's client page, the clients list, the book and the snapshot", async () => {
    await setPrices();
    const advisor = await createUser("ADVISOR");
    const client = await fundedInvestor(100_000n);
    await investAll(client.accountId);
    await db.user.update({ where: { id: client.user.id }, data: { advisorId: advisor.id } });
    // $120 of the $1,000 deposit taken back by the card issuer after it was all invested: no cash is left, so the
    // investor owes the $120 and the account is worth $999.92 − $120.00 = $879.92. (The advisor's page and the
    // investor's dashboard used to leave the debt out; the clients list and the snapshots kept it.)
    await postJournalEntry(db, {
      idempotencyKey: `dispute:${client.accountId}`,
      kind: "DISPUTE",
      postings: [
        { account: client.ledger.INVESTOR_OWED, amount: -12_000n },
        { account: await platformAccount("STRIPE_CLEARING", client.accountId), amount: 12_000n },
      ],
    });

    const value = await accountValue(client.accountId);
    expect(value).toEqual({ marketValue: BALANCED_1000.value, cash: -12_000n, total: 87_992n });
    const api = holdingsJson(client.accountId, "USD", await holdingsOf(client.accountId), value);
    expect(api).toMatchObject({ value: "879.92", cash: "-120.00", invested: "999.92" });
    expect((await clientPortfolio(advisor, client.user.id, "1M")).value).toEqual(value);
    expect((await listClients(advisor)).clients.find((c) => c.id === client.user.id)?.value).toBe(87_992n);
    expect((await overviewFor(advisor)).assetsUnderManagement).toBe(87_992n);
    await revaluePortfolios(new Date());
    const snapshot = await db.portfolioSnapshot.findFirstOrThrow({ where: { investmentAccountId: client.accountId }, orderBy: { date: "desc" } });
    expect(snapshot.marketValue + snapshot.cash).toBe(87_992n);
  });
});
