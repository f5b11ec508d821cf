"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/guards";
import { formState, type FormState } from "@/lib/http/form-state";
import { requestContextFrom } from "@/lib/http/request-context";
import { requestDeposit } from "@/lib/payments/deposits";
import { payWithTestMethod, settleTestBankTransfer, TEST_SCENARIOS, type TestScenario } from "@/lib/payments/test-payments";

export async function depositAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  let destination: string | null = null;
  const state = await formState(async () => {
    const user = await requireUser(["INVESTOR"]);
    const scenario = form.get("scenario");
    const testScenario = typeof scenario === "string" && scenario in TEST_SCENARIOS ? (scenario as TestScenario) : null;
    const method = testScenario ? TEST_SCENARIOS[testScenario].method : form.get("method");
    const { deposit, checkoutUrl } = await requestDeposit(
      user,
      { amount: form.get("amount"), method, requestKey: form.get("requestKey") },
      context,
    );
    if (checkoutUrl) {
      destination = checkoutUrl;
    } else {
      await payWithTestMethod(user, { depositId: deposit.id, scenario: testScenario ?? form.get("scenario") });
      destination = `/dashboard?deposit=${deposit.id}`;
    }
    return "Deposit started.";
  });
  if (state.status === "success" && destination) redirect(destination);
  // Keep what was typed, so a refused amount can be corrected rather than retyped.
  return state.status === "error" ? { ...state, values: { amount: String(form.get("amount") ?? "") } } : state;
}

export async function settleTestTransferAction(_previous: FormState, form: FormData): Promise<FormState> {
  return formState(async () => {
    const user = await requireUser(["INVESTOR"]);
    const outcome = form.get("outcome");
    await settleTestBankTransfer(user, { depositId: form.get("depositId"), outcome });
    revalidatePath("/dashboard");
    return outcome === "succeeded" ? "The test bank transfer settled." : "The test bank transfer bounced.";
  });
}
