"use client";

import { useActionState } from "react";
import { InlineStatus } from "@/components/ui/inline-status";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** An admin's choice of advisor for a client. */
export function AssignAdvisorForm({
  action,
  clientId,
  current,
  advisors,
}: {
  action: Action;
  clientId: string;
  current: string | null;
  advisors: { id: string; name: string; email: string }[];
}) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="inline-form">
      <input type="hidden" name="clientId" value={clientId} />
      <label htmlFor="advisorId">Advisor</label>
      <select id="advisorId" name="advisorId" defaultValue={current ?? ""}>
        <option value="">Nobody yet</option>
        {advisors.map((advisor) => (
          <option key={advisor.id} value={advisor.id}>
            {advisor.name} ({advisor.email})
          </option>
        ))}
      </select>
      <button type="submit" className="button button-quiet" disabled={pending}>
        Assign
      </button>
      <InlineStatus state={state} />
    </form>
  );
}
