import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createInvestor } from "../../scripts/test/factories";
import { approveKyc } from "../../scripts/test/kyc";
import { db } from "../db";
import { nextStepsFor } from "./next-steps";

const states = async (user: Parameters<typeof nextStepsFor>[0]) => Object.fromEntries((await nextStepsFor(user)).steps.map((step) => [step.key, step.state]));

describe("a new investor's next steps", () => {
  it("start all to do, each with the page to do it on", async () => {
    const { user } = await createInvestor();
    const steps = await nextStepsFor(user);
    expect(steps.allDone).toBe(false);
    expect(steps.steps.map((step) => [step.key, step.state, step.action?.href])).toEqual([
      ["questionnaire", "todo", "/onboarding"],
      ["identity", "todo", "/verify"],
      ["first-deposit", "todo", "/deposit"],
      ["second-factor", "todo", "/security"],
      ["recurring-deposit", "todo", "/recurring-deposits"],
    ]);
  });

  it("follow the identity check: under review, then rejected, then verified", async () => {
    const { user } = await createInvestor();
    await approveKyc(user.id);
    await db.kycProfile.update({ where: { userId: user.id }, data: { status: "PENDING_REVIEW" } });
    expect((await states(user)).identity).toBe("pending");
    await db.kycProfile.update({ where: { userId: user.id }, data: { status: "REJECTED" } });
    const rejected = (await nextStepsFor(user)).steps.find((step) => step.key === "identity");
    expect(rejected).toMatchObject({ state: "rejected", action: { label: "Fix your identity details", href: "/verify" } });
    await db.kycProfile.update({ where: { userId: user.id }, data: { status: "APPROVED" } });
    expect((await states(user)).identity).toBe("done");
  });

  it("count only money that arrived, a confirmed second factor and an active schedule; all done hides the list", async () => {
    const { user, accountId } = await createInvestor({ verified: true });
    await db.riskProfile.create({ data: { userId: user.id, answers: {}, score: 5, explanation: [] } });
    const deposit = (status: "FAILED" | "SUCCEEDED") =>
      db.deposit.create({ data: { investmentAccountId: accountId, amount: 50_000n, currency: "USD", method: "CARD", status, requestKey: randomUUID() } });
    await deposit("FAILED");
    await db.secondFactor.create({ data: { userId: user.id, kind: "TOTP", label: "Authenticator app" } });
    const bank = await db.linkedBankAccount.create({ data: { userId: user.id, bankName: "STRIPE TEST BANK", last4: "6789", accountType: "checking", status: "VERIFIED", testMode: true } });
    const schedule = await db.recurringDeposit.create({
      data: { investmentAccountId: accountId, bankAccountId: bank.id, amount: 20_000n, currency: "USD", frequency: "WEEKLY", weekday: 5, status: "PAUSED" },
    });
    // A failed card, a TOTP enrolment never confirmed and a paused schedule are not done.
    expect(await states(user)).toEqual({ questionnaire: "done", identity: "done", "first-deposit": "todo", "second-factor": "todo", "recurring-deposit": "todo" });

    await deposit("SUCCEEDED");
    await db.secondFactor.updateMany({ where: { userId: user.id }, data: { confirmedAt: new Date() } });
    await db.recurringDeposit.update({ where: { id: schedule.id }, data: { status: "ACTIVE" } });
    const done = await nextStepsFor(user);
    expect(done.steps.every((step) => step.state === "done" && step.action === null)).toBe(true);
    expect(done.allDone).toBe(true);
  });

  it("are the signed-in investor's own: another investor's progress does not count", async () => {
    const { user: other, accountId } = await createInvestor({ verified: true });
    await db.riskProfile.create({ data: { userId: other.id, answers: {}, score: 5, explanation: [] } });
    await db.deposit.create({ data: { investmentAccountId: accountId, amount: 50_000n, currency: "USD", method: "CARD", status: "SUCCEEDED", requestKey: randomUUID() } });
    const { user } = await createInvestor();
    expect(Object.values(await states(user))).toEqual(["todo", "todo", "todo", "todo", "todo"]);
  });
});
