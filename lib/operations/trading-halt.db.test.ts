import { describe, expect, it } from "vitest";
import { browser, createUser } from "../../scripts/test/factories";
import { db } from "../db";
import { Forbidden, InvalidInput } from "../errors";
import { setTradingHalt, tradingHalt } from "../investing/trading-halt";

const haltAudits = () => db.auditLog.findMany({ where: { action: { in: ["TRADING_HALTED", "TRADING_RESUMED"] } }, orderBy: { id: "asc" } });

describe("the trading halt, as the operations page sets it", () => {
  it("is halted by an admin with a reason and resumed; each change audited with who and why", async () => {
    const admin = await createUser("ADMIN");
    expect(await tradingHalt()).toEqual({ halted: false, reason: null, since: null });
    await setTradingHalt(admin, true, "  Price feed shows stale quotes ", browser());
    const halt = await tradingHalt();
    expect(halt).toMatchObject({ halted: true, reason: "Price feed shows stale quotes" });
    expect(Date.now() - halt.since!.getTime()).toBeLessThan(60_000);

    await setTradingHalt(admin, false, "", browser());
    expect(await tradingHalt()).toEqual({ halted: false, reason: null, since: null });
    expect((await haltAudits()).map((a) => [a.action, a.actorId, a.details, a.ip])).toEqual([
      ["TRADING_HALTED", admin.id, { reason: "Price feed shows stale quotes" }, "203.0.113.10"],
      ["TRADING_RESUMED", admin.id, { reason: "" }, "203.0.113.10"],
    ]);
  });

  it("refuses an advisor, and a halt without a reason, changing nothing", async () => {
    const admin = await createUser("ADMIN");
    await expect(setTradingHalt(await createUser("ADVISOR"), true, "I think so", browser())).rejects.toBeInstanceOf(Forbidden);
    await expect(setTradingHalt(admin, true, "  ", browser())).rejects.toBeInstanceOf(InvalidInput);
    expect((await tradingHalt()).halted).toBe(false);
    expect(await haltAudits()).toHaveLength(2);
  });
});
