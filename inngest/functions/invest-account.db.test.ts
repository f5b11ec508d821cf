import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it } from "vitest";
import { fundedInvestor, setPrices } from "../../scripts/test/investing";
import { db } from "@/lib/db";
import { investorBalances } from "@/lib/ledger/accounts";
import { investAccount } from "./invest-account";

beforeEach(() => setPrices());

const settled = (id: string, investmentAccountId: string, amount: bigint) => ({
  id,
  name: "deposit/settled" as const,
  data: { depositId: id, investmentAccountId, amount: amount.toString(), currency: "USD" },
});

describe("the invest-account function", () => {
  it("runs every step for a settled deposit: holdings bought, nothing held, the account unlocked", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    const engine = new InngestTestEngine({ function: investAccount, events: [settled("evt-a", accountId, 50_000n)] });
    const { result, error } = await engine.execute();
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ invested: expect.any(String) });
    expect(BigInt((result as { invested: string }).invested)).toBeGreaterThan(49_900n);
    expect(await db.holding.count({ where: { investmentAccountId: accountId } })).toBe(8);
    expect((await investorBalances(accountId)).INVESTOR_CASH_HELD).toBe(0n);
    expect(await db.accountRunLock.count({ where: { investmentAccountId: accountId } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "INVESTMENT_COMPLETED", targetId: accountId } })).toBe(1);
    expect(await db.outboxEvent.count({ where: { name: "investment/completed", data: { path: ["investmentAccountId"], equals: accountId } } })).toBe(1);
  });

  it("queues its work behind another run that holds the account, and ends without failing", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    await db.accountRunLock.create({ data: { investmentAccountId: accountId, runId: "other-run", kind: "rebalance" } });
    const { result, error } = await new InngestTestEngine({ function: investAccount, events: [settled("evt-b", accountId, 50_000n)] }).execute();
    expect(error).toBeUndefined();
    expect(result).toEqual({ queuedBehind: "other-run" });
    expect(await db.accountRunQueue.findMany({ where: { investmentAccountId: accountId }, select: { dedupeKey: true, eventName: true, queuedBy: true } })).toEqual([
      { dedupeKey: "invest", eventName: "account/invest.requested", queuedBy: "evt-b" },
    ]);
    expect((await investorBalances(accountId)).INVESTOR_CASH).toBe(50_000n);
    expect(await db.order.count({ where: { investmentAccountId: accountId } })).toBe(0);
  });

  it("stops for good, with the money held, when there is no price to invest at", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    const gld = await db.asset.findUniqueOrThrow({ where: { symbol: "GLD" } });
    await db.assetPrice.delete({ where: { assetId: gld.id } });
    const { error } = await new InngestTestEngine({ function: investAccount, events: [settled("evt-c", accountId, 50_000n)] }).execute();
    expect(String((error as Error)?.message ?? error)).toContain("No valid price for GLD");
    expect((await investorBalances(accountId)).INVESTOR_CASH_HELD).toBe(50_000n);
  });
});
