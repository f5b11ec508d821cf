"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { investorAction } from "@/lib/http/action-client";
import { requestDeposit } from "@/lib/payments/deposits";
import { payWithTestMethod, settleTestBankTransfer, TEST_SCENARIOS, type TestScenario } from "@/lib/payments/test-payments";

// Each field is checked by lib/payments (amount, method, request key; the test scenario outside production).

export const depositAction = investorAction({ keepValues: ["amount"] }, async ({ user, input, context }) => {
  const scenario = input.scenario;
  const testScenario = typeof scenario === "string" && scenario in TEST_SCENARIOS ? (scenario as TestScenario) : null;
  const method = testScenario ? TEST_SCENARIOS[testScenario].method : input.method;
  const { deposit, checkoutUrl } = await requestDeposit(user, { amount: input.amount, method, requestKey: input.requestKey }, context);
  if (checkoutUrl) redirect(checkoutUrl);
  await payWithTestMethod(user, { depositId: deposit.id, scenario: testScenario ?? input.scenario });
  redirect(`/dashboard?deposit=${deposit.id}`);
});

export const settleTestTransferAction = investorAction({}, async ({ user, input }) => {
  const outcome = input.outcome;
  await settleTestBankTransfer(user, { depositId: input.depositId, outcome });
  revalidatePath("/dashboard");
  return outcome === "succeeded" ? "The test bank transfer settled." : "The test bank transfer bounced.";
});
