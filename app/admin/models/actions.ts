"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { sendToInngest } from "@/inngest/send-outbox";
import { staffAction } from "@/lib/http/action-client";
import { cancelScheduledMigration, publishImpact } from "@/lib/investing/model-migration-schedule";
import { publishModelVersion } from "@/lib/investing/models";
import { formatMoney } from "@/lib/money";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { publishStrategy, unpublishStrategy } from "@/lib/strategies/publish";

const WEIGHT = "weight:";

/** The editor's fields as the use cases read them: weights by symbol, and a date only when "on a date" is chosen. */
function editOf(input: Record<string, unknown>) {
  const weights = Object.fromEntries(
    Object.entries(input).filter(([key]) => key.startsWith(WEIGHT)).map(([key, value]) => [key.slice(WEIGHT.length), String(value)]),
  );
  return { baseVersion: input.baseVersion, weights, driftBand: input.driftBand, migrateOn: input.when === "date" ? String(input.migrateOn ?? "") : "" };
}

// Market time on purpose: accounts migrate from midnight in New York, and the message says so.
const dateIn = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "America/New_York" });

/** What publishing this edit would move, before it is published. */
export const previewPublishAction = staffAction({}, async ({ user, input }) => {
  const impact = await publishImpact(user, String(input.modelId ?? ""), editOf(input));
  if (impact.accounts === 0) return "No account follows this model yet: publishing moves nobody.";
  const accounts = impact.accounts === 1 ? "1 account follows" : `${impact.accounts.toLocaleString("en-US")} accounts follow`;
  return `${accounts} this model; moving them to these weights would trade about ${formatMoney(impact.traded)} (buys and sales at today's prices).`;
});

/** Publishes a model's next version (advisors with the permission, and admins: lib/investing/models checks). */
export const publishModelAction = staffAction({ stepUp: true }, async ({ user, input, context }) => {
  const modelId = String(input.modelId ?? "");
  const { model, outboxId, migrateAt } = await publishModelVersion(user, modelId, editOf(input), context);
  after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
  revalidatePath("/admin/models");
  revalidatePath(`/admin/models/${model.id}`);
  return migrateAt
    ? `Published ${model.name} version ${model.version}: accounts on earlier versions move to it on ${dateIn.format(migrateAt)} (from midnight, New York time).`
    : `Published ${model.name} version ${model.version}: accounts on earlier versions are moving to it.`;
});

/** Calls off a version's scheduled migration before its date. */
export const cancelScheduledMigrationAction = staffAction({ stepUp: true }, async ({ user, input, context }) => {
  const { outboxId, name, version } = await cancelScheduledMigration(user, String(input.versionId ?? ""), context);
  after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
  revalidatePath("/admin/models");
  return `The move to ${name} version ${version} is canceled: accounts stay on their versions.`;
});

// === Public strategies (docs/strategies.md) ===

/** Publishes the model as a public strategy, or changes its description (advisors with the permission, and admins). */
export const publishStrategyAction = staffAction({ stepUp: true, keepValues: ["description"] }, async ({ user, input, context }) => {
  const modelId = String(input.modelId ?? "");
  const { name } = await publishStrategy(user, modelId, { description: input.description }, context);
  revalidatePath(`/admin/models/${modelId}`);
  revalidatePath("/strategies");
  return `${name} is a public strategy: investors see it under Strategies.`;
});

/** Takes the strategy off the public list; its followers stay on the model. */
export const unpublishStrategyAction = staffAction({ stepUp: true }, async ({ user, input, context }) => {
  const modelId = String(input.modelId ?? "");
  const { name } = await unpublishStrategy(user, modelId, context);
  revalidatePath(`/admin/models/${modelId}`);
  revalidatePath("/strategies");
  return `${name} is no longer a public strategy.`;
});
