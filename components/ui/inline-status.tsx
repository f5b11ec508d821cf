import type { FormState } from "@/lib/http/form-state";

/** A one-line form's outcome beside its button: announced as an alert when refused, as a status otherwise. */
export function InlineStatus({ state }: { state: FormState }) {
  if (state.status === "idle") return null;
  return (
    <span role={state.status === "error" ? "alert" : "status"} className={`inline-${state.status}`}>
      {state.message}
    </span>
  );
}
