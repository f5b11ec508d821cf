import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { ModelEditor } from "@/components/models/model-editor";
import { AllocationTable } from "@/components/investing/allocation-table";
import { VersionsTable } from "@/components/models/versions-table";
import { requirePageUser } from "@/lib/auth/guards";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { Forbidden, NotFound } from "@/lib/errors";
import { DRIFT_BAND_PERCENT, modelForEditing, percentText } from "@/lib/investing/models";
import { ScheduledMigration } from "@/components/models/scheduled-migration";
import { cancelScheduledMigrationAction, previewPublishAction, publishModelAction } from "../actions";
import { viewerFormatFor } from "@/lib/format/viewer";

export const metadata: Metadata = { title: "Model portfolio" };

export default async function ModelPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageUser(`/admin/models/${id}`, STAFF_ROLES);
  const format = await viewerFormatFor(actor);
  const { model, assets, canEdit } = await modelForEditing(actor, id).catch((error: unknown) => {
    if (error instanceof Forbidden) forbidden();
    if (error instanceof NotFound) notFound();
    throw error;
  });
  return (
    <main>
      <p>
        <Link href="/admin/models">All models</Link>
      </p>
      <h1>{model.name}</h1>
      <p className="lede">
        {model.description} For risk scores {model.minScore}–{model.maxScore}. Version {model.version}, published{" "}
        {format.date(model.publishedAt)}, drift band {percentText(model.driftBand)}%.
      </p>
      <ScheduledMigration name={model.name} versions={model.versions} cancel={canEdit ? cancelScheduledMigrationAction : null} />
      <div className="columns">
        <section className="card" aria-labelledby="current-heading">
          <h2 id="current-heading">Current weights</h2>
          <div className="table-scroll" role="region" aria-label="Current weights table" tabIndex={0}>
            <AllocationTable allocation={model.allocation} caption={`Target weights, version ${model.version}`} />
          </div>
        </section>
        <section className="card" aria-labelledby="versions-heading">
          <h2 id="versions-heading">Versions</h2>
          <div className="table-scroll" role="region" aria-label="Versions table" tabIndex={0}>
            <VersionsTable versions={model.versions} caption="Accounts on each version" />
          </div>
        </section>
      </div>
      <section className="card">
        {canEdit ? (
          <ModelEditor
            action={publishModelAction}
            previewAction={previewPublishAction}
            modelId={model.id}
            baseVersion={model.version}
            assets={assets}
            weights={Object.fromEntries(model.allocation.map((a) => [a.symbol, percentText(a.weight)]))}
            driftBand={percentText(model.driftBand)}
            bandLimits={`between ${DRIFT_BAND_PERCENT.min.toFixed()}% and ${DRIFT_BAND_PERCENT.max.toFixed()}%`}
          />
        ) : (
          <p>You can view this model, but not edit it: an admin gives advisors the permission to edit models.</p>
        )}
      </section>
    </main>
  );
}
