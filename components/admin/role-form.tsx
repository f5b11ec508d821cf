"use client";

import { InlineStatus } from "@/components/ui/inline-status";
import type { FormState } from "@/lib/http/form-state";
import { StepUpPrompt } from "@/components/security/step-up-prompt";
import { useStepUpAction } from "@/components/security/use-step-up-action";
import type { Role } from "@/lib/auth/roles";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

const LABELS: Record<Role, string> = { INVESTOR: "Investor", ADVISOR: "Advisor", ADMIN: "Admin" };

export function RoleForm({ action, userId, email, role }: { action: Action; userId: string; email: string; role: Role }) {
  const { state, submit: formAction, pending, retry } = useStepUpAction(action);
  const selectId = `role-${userId}`;
  return (
    <>
      <form action={formAction} className="inline-form">
        <input type="hidden" name="userId" value={userId} />
        <label htmlFor={selectId} className="visually-hidden">
          Role of {email}
        </label>
        <select id={selectId} name="role" defaultValue={role}>
          {Object.entries(LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-quiet" disabled={pending} aria-label={`Change role of ${email}`}>
          Change role
        </button>
        <InlineStatus state={state} />
      </form>
      <StepUpPrompt state={state} onConfirmed={retry} />
    </>
  );
}
