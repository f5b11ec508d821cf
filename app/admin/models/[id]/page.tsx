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
import { builderWeights } from "@/lib/portfolio/mpt/builder";
import { Alert } from "@/components/ui/alert";
import { ScheduledMigration } from "@/components/models/scheduled-migration";
import { StrategySection } from "@/components/strategies/strategy-section";
import { viewerFormatFor } from "@/lib/format/viewer";
import { cancelScheduledMigrationAction, previewPublishAction, publishModelAction, publishStrategyAction, unpublishStrategyAction } from "../actions";

export const metadata: Metadata = { title: "Model portfolio" };

export default async function ModelPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ weights?: string | string[] }> }) {
  const [{ id }, { weights: proposed }] = await Promise.all([params, searchParams]);
  const actor = await requirePageUser(`/admin/models/${id}`, STAFF_ROLES);
  const format = await viewerFormatFor(actor);
  const { model, assets, canEdit } = await modelForEditing(actor, id).catch((error: unknown) => {
    if (error instanceof Forbidden) forbidden();
    if (error instanceof NotFound) notFound();
    throw error;
  });
  // Weights handed over from the model builder, when they name only assets a model may hold.
  const fromBuilder = builderWeights(proposed, assets.map((asset) => asset.symbol));
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
      <StrategySection actor={actor} modelId={model.id} publish={publishStrategyAction} unpublish={unpublishStrategyAction} />
      <section className="card">
        {canEdit && fromBuilder && (
          <Alert tone="info">The weights below come from the model builder. Review them, preview what publishing would move, and publish as a new version.</Alert>
        )}
        {canEdit ? (
          <ModelEditor
            key={fromBuilder ? JSON.stringify(fromBuilder) : "current"}
            action={publishModelAction}
            previewAction={previewPublishAction}
            modelId={model.id}
            baseVersion={model.version}
            assets={assets}
            weights={fromBuilder ?? Object.fromEntries(model.allocation.map((a) => [a.symbol, percentText(a.weight)]))}
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
