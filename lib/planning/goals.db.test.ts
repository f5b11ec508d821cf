import { describe, expect, it } from "vitest";
import { browser, createUser } from "../../scripts/test/factories";
import { assignAdvisor } from "../advisor/clients";
import { db } from "../db";
import { Forbidden, InvalidInput, NotFound } from "../errors";
import { projectGoals } from "./goal-projection";
import { changeGoal, clientGoals, createGoal, deleteGoal, listGoals, newGoalDefaults } from "./goals";

const TODAY = "2026-12-02";
const fields = { kind: "HOME", name: "A flat", targetAmount: "90,000", targetDate: "2032-12-02", monthlyContribution: "800.50", accountSharePercent: "" };

describe("goals", () => {
  it("are created with the whole account for the first, audited in the same transaction, and listed to their owner only", async () => {
    const investor = await createUser("INVESTOR");
    const goal = await createGoal(investor, fields, browser(), TODAY);
    expect(goal).toMatchObject({ kind: "HOME", name: "A flat", targetAmount: 9_000_000n, targetDate: "2032-12-02", monthlyContribution: 80_050n, accountSharePercent: 100 });
    const audit = await db.auditLog.findMany({ where: { action: "GOAL_CREATED", targetId: goal.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(investor.id);
    expect(audit[0]!.details).toMatchObject({ targetAmount: "9000000", monthlyContribution: "80050", accountSharePercent: 100 });
    expect((await listGoals(investor)).map((g) => g.id)).toEqual([goal.id]);

    const stranger = await createUser("INVESTOR");
    expect(await listGoals(stranger)).toEqual([]);
    await expect(changeGoal(stranger, goal.id, fields, browser(), TODAY)).rejects.toBeInstanceOf(NotFound);
    await expect(deleteGoal(stranger, goal.id, browser())).rejects.toBeInstanceOf(NotFound);
    await expect(listGoals(await createUser("ADVISOR"))).rejects.toBeInstanceOf(Forbidden);
  });

  it("refuse bad input with a message per field and write nothing", async () => {
    const investor = await createUser("INVESTOR");
    const bad = { kind: "YACHT", name: " ", targetAmount: "100000000.01", targetDate: "2026-12-20", monthlyContribution: "-5", accountSharePercent: "101" };
    const error = await createGoal(investor, bad, browser(), TODAY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).fields).toEqual({
      kind: "Choose what the goal is for.",
      name: "Name the goal.",
      targetAmount: "The target amount can be at most $100,000,000.",
      targetDate: "Choose a date at least a month from today.",
      monthlyContribution: "Enter the monthly contribution in dollars, e.g. 250000 or 1,250.50.",
      accountSharePercent: "Enter a whole percent from 0 to 100.",
    });
    const far = await createGoal(investor, { ...fields, targetDate: "2106-12-03", targetAmount: "0" }, browser(), TODAY).catch((e: unknown) => e);
    expect((far as InvalidInput).fields).toEqual({ targetDate: "Choose a date at most 80 years from today.", targetAmount: "The target amount must be more than $0." });
    await expect(createGoal(investor, { ...fields, targetDate: "2030-02-30" }, browser(), TODAY)).rejects.toBeInstanceOf(InvalidInput);
    expect(await db.goal.count({ where: { userId: investor.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { actorId: investor.id, action: "GOAL_CREATED" } })).toBe(0);
  });

  it("share the account: a second goal gets what the first leaves, and no more than 100 % in all", async () => {
    const investor = await createUser("INVESTOR");
    const first = await createGoal(investor, { ...fields, accountSharePercent: "60" }, browser(), TODAY);
    expect((await newGoalDefaults(investor, TODAY)).accountSharePercent).toBe(40);
    const second = await createGoal(investor, { ...fields, name: "Retirement", kind: "RETIREMENT" }, browser(), TODAY);
    expect(second.accountSharePercent).toBe(40);
    await expect(createGoal(investor, { ...fields, accountSharePercent: "1" }, browser(), TODAY)).rejects.toThrow(InvalidInput);
    const refused = await changeGoal(investor, first.id, { ...fields, accountSharePercent: "61" }, browser(), TODAY).catch((e: unknown) => e);
    expect((refused as InvalidInput).fields.accountSharePercent).toBe("Your other goals already count 40% of your account: at most 60% is left for this one.");

    const changed = await changeGoal(investor, first.id, { ...fields, monthlyContribution: "1000", accountSharePercent: "50" }, browser(), TODAY);
    expect(changed).toMatchObject({ monthlyContribution: 100_000n, accountSharePercent: 50 });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "GOAL_CHANGED", targetId: first.id } });
    expect(audit.details).toMatchObject({ monthlyContribution: "100000", before: { monthlyContribution: "80050", accountSharePercent: 60 } });

    await deleteGoal(investor, second.id, browser());
    expect((await listGoals(investor)).map((g) => g.id)).toEqual([first.id]);
    expect(await db.auditLog.count({ where: { action: "GOAL_DELETED", targetId: second.id } })).toBe(1);
    await expect(deleteGoal(investor, second.id, browser())).rejects.toBeInstanceOf(NotFound);
    expect((await newGoalDefaults(investor, TODAY)).accountSharePercent).toBe(50);
  });

  it("are read by the client's own advisor, not another's", async () => {
    const admin = await createUser("ADMIN");
    const advisor = await createUser("ADVISOR");
    const investor = await createUser("INVESTOR");
    await assignAdvisor(admin, { clientId: investor.id, advisorId: advisor.id }, browser());
    const goal = await createGoal(investor, fields, browser(), TODAY);
    expect((await clientGoals(advisor, investor.id)).map((g) => g.id)).toEqual([goal.id]);
    await expect(clientGoals(await createUser("ADVISOR"), investor.id, browser())).rejects.toThrow("This client is not assigned to you.");
  });

  it("are projected on the account's model with the fee, deterministically, and say what would put them on track", async () => {
    const investor = await createUser("INVESTOR");
    const goal = await createGoal(investor, { ...fields, targetAmount: "90000", monthlyContribution: "500" }, browser(), TODAY);
    const first = (await projectGoals(investor.id, [goal], TODAY)).get(goal.id)!;
    const again = (await projectGoals(investor.id, [goal], TODAY)).get(goal.id)!;
    expect(again).toEqual(first);
    // An empty account on the balanced model (none chosen yet): $500 a month for 72 months is $36,000 saved.
    expect(first).toMatchObject({ startingValue: 0n, months: 72, basis: { modelAssumed: true } });
    expect(first.basis.annualFee).toBeCloseTo(0.0025, 6);
    expect(first.status.kind).toBe("BEHIND");
    if (first.status.kind !== "BEHIND") return;
    expect(first.status.extraMonthly % 100n).toBe(0n);
    expect(first.status.extraMonthly).toBeGreaterThan(60_000n);
    expect(first.status.laterDate! > goal.targetDate).toBe(true);
    expect(first.bands.map((band) => band.month)).toEqual([0, 12, 24, 36, 48, 60, 72]);
  });
});
