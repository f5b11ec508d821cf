import { describe, expect, it } from "vitest";
import { InvalidExpression, compileExpression, keyValue } from "./expressions";

const event = { id: "e1", name: "deposit/settled", data: { investmentAccountId: "acct-1", amount: 150, nested: { on: true } } };

describe("CEL expressions as Inngest evaluates them", () => {
  it("matches failure handlers by function id, and waits by a field of both events", () => {
    const failure = compileExpression("event.data.function_id == 'autovest-invest-account'");
    expect(failure.test({ event: { data: { function_id: "autovest-invest-account" } } })).toBe(true);
    expect(failure.test({ event: { data: { function_id: "autovest-rebalance-account" } } })).toBe(false);
    const sameAccount = compileExpression("async.data.investmentAccountId == event.data.investmentAccountId");
    expect(sameAccount.test({ event, async: { data: { investmentAccountId: "acct-1" } } })).toBe(true);
    expect(sameAccount.test({ event, async: { data: { investmentAccountId: "acct-2" } } })).toBe(false);
  });

  it("compares numbers across int and double, and reads nested fields", () => {
    expect(compileExpression("event.data.amount > 100").test({ event })).toBe(true);
    expect(compileExpression("event.data.amount == 150 && event.data.nested.on").test({ event })).toBe(true);
  });

  it("reads an absent attribute as null, as Inngest does, while has() still sees it absent", () => {
    expect(compileExpression("event.data.missing == 'x'").test({ event })).toBe(false);
    expect(compileExpression("event.data.missing != 'x'").test({ event })).toBe(true);
    expect(compileExpression("event.data.missing == null").test({ event })).toBe(true);
    expect(compileExpression("has(event.data.missing)").test({ event })).toBe(false);
    expect(compileExpression("has(event.data.amount)").test({ event })).toBe(true);
    // The event itself is left as it was.
    expect(event.data).not.toHaveProperty("missing");
  });

  it("refuses what it cannot evaluate rather than guessing true", () => {
    expect(() => compileExpression("event.data.amount >")).toThrow(InvalidExpression);
    expect(compileExpression("event.data.investmentAccountId").test({ event })).toBeInstanceOf(InvalidExpression);
    expect(compileExpression("event.data.investmentAccountId > 3").test({ event })).toBeInstanceOf(InvalidExpression);
  });

  it("writes concurrency keys as Inngest does, an absent one as <nil>", () => {
    const key = compileExpression("event.data.investmentAccountId");
    expect(keyValue(key.evaluate({ event }))).toBe("acct-1");
    expect(keyValue(compileExpression("event.data.amount").evaluate({ event }))).toBe("150");
    expect(keyValue(compileExpression("event.data.nobody").evaluate({ event }))).toBe("<nil>");
  });
});
