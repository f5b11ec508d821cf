import type { Metadata } from "next";
import Link from "next/link";
import { AllocationTable } from "@/components/investing/allocation-table";
import { ScheduledMigration } from "@/components/models/scheduled-migration";
import { VersionsTable } from "@/components/models/versions-table";
import { requirePageUser } from "@/lib/auth/guards";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { listModelOverviews, percentText } from "@/lib/investing/models";
import { cancelScheduledMigrationAction } from "./actions";

export const metadata: Metadata = { title: "Model portfolios" };

export default async function ModelsPage() {
  const actor = await requirePageUser("/admin/models", STAFF_ROLES);
  const { models, canEdit } = await listModelOverviews(actor);
  return (
    <main>
      <h1>Model portfolios</h1>
      <p className="lede">
        {canEdit
          ? "Open a model to edit its weights and publish a new version; accounts on earlier versions move to it through the rebalance workflow."
          : "You can view the models. An admin gives advisors the permission to edit them."}
      </p>
      {canEdit && (
        <p>
          <Link href="/admin/models/builder">Open the model builder</Link>: the efficient frontier of the funds from their daily history, with
          each model on the same axes.
        </p>
      )}
      {models.map((model) => (
        <section key={model.id} className="card" aria-labelledby={`model-${model.slug}`}>
          <h2 id={`model-${model.slug}`}>
            <Link href={`/admin/models/${model.id}`}>{model.name}</Link>
          </h2>
          <p>
            {model.description} For risk scores {model.minScore}–{model.maxScore}.
          </p>
          <ScheduledMigration name={model.name} versions={model.versions} cancel={canEdit ? cancelScheduledMigrationAction : null} />
          <dl className="figures">
            <div>
              <dt>Current version</dt>
              <dd>{model.version}</dd>
            </div>
            <div>
              <dt>Drift band</dt>
              <dd>{percentText(model.driftBand)}%</dd>
            </div>
            <div>
              <dt>Accounts</dt>
              <dd>{model.versions.reduce((sum, version) => sum + version.accounts, 0)}</dd>
            </div>
          </dl>
          <div className="columns">
            <div className="table-scroll" role="region" aria-label={`${model.name}: target weights`} tabIndex={0}>
              <AllocationTable allocation={model.allocation} caption={`Target weights, version ${model.version}`} />
            </div>
            <div className="table-scroll" role="region" aria-label={`${model.name}: versions`} tabIndex={0}>
              <VersionsTable versions={model.versions} caption="Accounts on each version" />
            </div>
          </div>
        </section>
      ))}
    </main>
  );
}
