import { StepUpRowButton } from "@/components/security/step-up-row-button";
import type { FormState } from "@/lib/http/form-state";
import type { ModelVersionSummary } from "@/lib/investing/models";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

// Market time on purpose: accounts migrate from midnight in New York, and the text says so.
const dateIn = new Intl.DateTimeFormat("en-US", { dateStyle: "full", timeZone: "America/New_York" });

/** The newest version's migration, when it waits for a later date: when it starts, and (for those who may) a way to call it off. */
export function ScheduledMigration({ name, versions, cancel }: { name: string; versions: ModelVersionSummary[]; cancel: Action | null }) {
  const [newest] = versions;
  if (!newest?.migrationScheduled || !newest.migrateAt) return null;
  return (
    <div className="alert alert-info" role="status">
      <p>
        Accounts on earlier versions move to version {newest.version} on {dateIn.format(newest.migrateAt)} (from midnight, New York time). Until
        then they stay on their version.
      </p>
      {cancel && <StepUpRowButton action={cancel} field="versionId" value={newest.id} label="Cancel the scheduled move" name={`Cancel the scheduled move to ${name} version ${newest.version}`} />}
    </div>
  );
}
