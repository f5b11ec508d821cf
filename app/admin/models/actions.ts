"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { after } from "next/server";
import { sendToInngest } from "@/inngest/send-outbox";
import { requireUser } from "@/lib/auth/guards";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { formState, type FormState } from "@/lib/http/form-state";
import { requestContextFrom } from "@/lib/http/request-context";
import { publishModelVersion } from "@/lib/investing/models";
import { dispatchOutbox } from "@/lib/outbox/outbox";

const WEIGHT = "weight:";

export async function publishModelAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const actor = await requireUser(STAFF_ROLES);
    const weights = Object.fromEntries(
      [...form.entries()].filter(([key]) => key.startsWith(WEIGHT)).map(([key, value]) => [key.slice(WEIGHT.length), String(value)]),
    );
    const modelId = String(form.get("modelId") ?? "");
    const { model, outboxId } = await publishModelVersion(actor, modelId, { baseVersion: form.get("baseVersion"), weights, driftBand: form.get("driftBand") }, context);
    after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
    revalidatePath("/admin/models");
    revalidatePath(`/admin/models/${model.id}`);
    return `Published ${model.name} version ${model.version}: accounts on earlier versions are moving to it.`;
  });
}
