"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { sendToInngest } from "@/inngest/send-outbox";
import { staffAction } from "@/lib/http/action-client";
import { publishModelVersion } from "@/lib/investing/models";
import { dispatchOutbox } from "@/lib/outbox/outbox";

const WEIGHT = "weight:";

/** Publishes a model's next version (advisors with the permission, and admins: lib/investing/models checks). */
export const publishModelAction = staffAction({}, async ({ user, input, context }) => {
  const weights = Object.fromEntries(
    Object.entries(input).filter(([key]) => key.startsWith(WEIGHT)).map(([key, value]) => [key.slice(WEIGHT.length), String(value)]),
  );
  const modelId = String(input.modelId ?? "");
  const { model, outboxId } = await publishModelVersion(user, modelId, { baseVersion: input.baseVersion, weights, driftBand: input.driftBand }, context);
  after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
  revalidatePath("/admin/models");
  revalidatePath(`/admin/models/${model.id}`);
  return `Published ${model.name} version ${model.version}: accounts on earlier versions are moving to it.`;
});
