"use client";

import { useActionState, useSyncExternalStore } from "react";
import { Alert } from "@/components/ui/alert";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

const noSubscription = () => () => {};
let zones: string[] | undefined;
/** The browser's own list (made once: the snapshot must be the same array each time). */
const browserZones = () => (zones ??= Intl.supportedValuesOf("timeZone"));
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const noZones = (): string[] => [];
const noZone = () => null;

/** Chooses the zone dates and times read in; "Automatic" follows whichever browser is in use. */
export function TimeZoneForm({ action, saved }: { action: Action; saved: string | null }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  // The server does not know the browser's zone or list: both are filled in once the page runs in the browser.
  const listed = useSyncExternalStore(noSubscription, browserZones, noZones);
  const current = useSyncExternalStore(noSubscription, browserZone, noZone);
  const options = saved && !listed.includes(saved) ? [saved, ...listed] : listed;
  const error = state.status === "error" ? state.fields.timeZone : undefined;
  return (
    <form action={formAction} className="stack">
      {state.status === "success" && <Alert tone="success">{state.message}</Alert>}
      {state.status === "error" && !error && <Alert>{state.message}</Alert>}
      <div className="field">
        <label htmlFor="timeZone">Time zone</label>
        <p id="timeZone-hint" className="field-hint">
          Dates and times across Autovest read in this zone. Market hours and prices stay in New York time, and say so.
        </p>
        <select
          id="timeZone"
          name="timeZone"
          key={options.length}
          defaultValue={saved ?? ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "timeZone-hint timeZone-error" : "timeZone-hint"}
        >
          <option value="">Automatic: this browser&apos;s zone{current ? ` (${current})` : ""}</option>
          {options.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll("_", " ")}
            </option>
          ))}
        </select>
        {error && (
          <p id="timeZone-error" className="field-error">
            {error}
          </p>
        )}
      </div>
      <button type="submit" className="button" disabled={pending}>
        Save time zone
      </button>
    </form>
  );
}
