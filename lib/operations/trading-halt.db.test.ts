import { describe, expect, it } from "vitest";
import { browser, createUser } from "../../scripts/test/factories";
import { db } from "../db";
import { Forbidden, InvalidInput } from "../errors";
import { setTradingHalt, tradingHalt } from "../investing/trading-halt";

/** The halts and resumptions these staff members are on the record for. */
const haltAudits = (...actors: { id: string }[]) =>
  db.auditLog.findMany({ where: { action: { in: ["TRADING_HALTED", "TRADING_RESUMED"] }, actorId: { in: actors.map((actor) => actor.id) } }, orderBy: { id: "asc" } });

describe("the trading halt, as the operations page sets it", () => {
  it("is halted by an admin with a reason and resumed; each change audited with who and why", async () => {
    const admin = await createUser("ADMIN");
    expect(await tradingHalt()).toEqual({ halted: false, reason: null, since: null });
    const before = new Date();
    await setTradingHalt(admin, true, "  Price feed shows stale quotes ", browser());
    const after = new Date();
    const halt = await tradingHalt();
    expect(halt).toMatchObject({ halted: true, reason: "Price feed shows stale quotes" });
    // Halted when the admin asked: `since` is the moment of the call.
    expect(halt.since!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(halt.since!.getTime()).toBeLessThanOrEqual(after.getTime());

    await setTradingHalt(admin, false, "", browser());
    expect(await tradingHalt()).toEqual({ halted: false, reason: null, since: null });
    expect((await haltAudits(admin)).map((a) => [a.action, a.actorId, a.details, a.ip])).toEqual([
      ["TRADING_HALTED", admin.id, { reason: "Price feed shows stale quotes" }, "203.0.113.10"],
      ["TRADING_RESUMED", admin.id, { reason: "" }, "203.0.113.10"],
    ]);
  });

  it("refuses an advisor, and a halt without a reason, changing nothing", async () => {
    const admin = await createUser("ADMIN");
    const advisor = await createUser("ADVISOR");
    await expect(setTradingHalt(advisor, true, "I think so", browser())).rejects.toBeInstanceOf(Forbidden);
    await expect(setTradingHalt(admin, true, "  ", browser())).rejects.toBeInstanceOf(InvalidInput);
    expect(await tradingHalt()).toEqual({ halted: false, reason: null, since: null });
    expect(await haltAudits(admin, advisor)).toEqual([]);
  });
});
