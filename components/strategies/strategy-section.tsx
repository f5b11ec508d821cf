import type { CurrentUser } from "@/lib/auth/sessions";
import type { FormState } from "@/lib/http/form-state";
import { viewerFormat } from "@/lib/format/viewer";
import { DESCRIPTION_LENGTH, strategyAdminView } from "@/lib/strategies/publish";
import { PublishStrategyForm, UnpublishStrategyForm } from "./publish-form";

/** The model page's "Public strategy" section: whether investors can browse and follow it, and the forms to change that. */
type Action = (previous: FormState, form: FormData) => Promise<FormState>;

export async function StrategySection({ actor, modelId, publish, unpublish }: { actor: CurrentUser; modelId: string; publish: Action; unpublish: Action }) {
  const [view, format] = await Promise.all([strategyAdminView(actor, modelId), viewerFormat()]);
  return (
    <section className="card" aria-labelledby="strategy-heading">
      <h2 id="strategy-heading">Public strategy</h2>
      <p data-testid="strategy-status">
        {view.isPublic
          ? `Public since ${format.date(view.publishedAt!)}${view.publishedBy ? `, published by ${view.publishedBy}` : ""}.`
          : "Not public: investors cannot browse or follow this model as a strategy."}{" "}
        <span data-testid="strategy-followers">
          {view.followers === 1 ? "1 investor follows" : `${view.followers.toLocaleString(format.locale)} investors follow`} this model
        </span>{" "}
        (investors see counts under 5 as “fewer than 5”).
      </p>
      {view.canPublish ? (
        <>
          <PublishStrategyForm action={publish} modelId={modelId} description={view.description ?? ""} isPublic={view.isPublic} limits={DESCRIPTION_LENGTH} />
          {view.isPublic && <UnpublishStrategyForm action={unpublish} modelId={modelId} />}
        </>
      ) : (
        <p>Publishing strategies needs the permission to manage models: an admin gives it.</p>
      )}
    </section>
  );
}
