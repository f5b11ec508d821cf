"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import Link from "next/link";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { proveStepUpAction, stepUpMethodsAction, stepUpPasskeyOptionsAction } from "@/app/security/actions";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import type { FormState } from "@/lib/http/form-state";

/**
 * Shown beside any form whose action may need step-up. "enrol": a link to set up a second factor. "confirm": a
 * dialog to enter a code or use a passkey; once the factor is proved, `onConfirmed` sends the form again.
 * Render it outside the form (the dialog holds a form of its own).
 */
export function StepUpPrompt({ state, onConfirmed }: { state: FormState; onConfirmed: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [methods, setMethods] = useState<{ totp: boolean; passkey: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stepUp = state.status === "error" ? state.stepUp : undefined;

  useEffect(() => {
    if (stepUp !== "confirm") return;
    dialog.current?.showModal();
    void stepUpMethodsAction().then((answer) => setMethods(answer.status === "ok" ? answer.data : { totp: false, passkey: false }));
  }, [state, stepUp]);

  if (stepUp === "enrol") {
    return (
      <Alert tone="info">
        This needs a second factor. <Link href="/security">Set one up in Security</Link>, then come back.
      </Alert>
    );
  }
  if (stepUp !== "confirm") return null;

  async function prove(payload: Record<string, string>) {
    setBusy(true);
    setError(null);
    const answer = await proveStepUpAction({ status: "idle" }, payload);
    setBusy(false);
    if (answer.status === "success") {
      dialog.current?.close();
      onConfirmed();
    } else if (answer.status === "error") {
      setError(answer.message);
    }
  }

  async function onCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    await prove({ method: /^\d{6}$/.test(code.replace(/\s/g, "")) ? "totp" : "recovery", code });
  }

  async function onPasskey() {
    setError(null);
    const answer = await stepUpPasskeyOptionsAction();
    if (answer.status !== "ok" || !answer.data) {
      setError(answer.status === "error" ? answer.message : "You have no passkey on this account.");
      return;
    }
    try {
      const response = await startAuthentication({ optionsJSON: answer.data });
      await prove({ method: "passkey", response: JSON.stringify(response) });
    } catch {
      setError("The passkey was not used. Try again, or enter a code.");
    }
  }

  return (
    <>
      <button type="button" className="button button-quiet" onClick={() => dialog.current?.showModal()}>
        Confirm it is you
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} className="card step-up-dialog">
        <h2 id={titleId}>Confirm it is you</h2>
        <p>This change needs your second factor again (it was not used in the last 5 minutes).</p>
        {error && <Alert>{error}</Alert>}
        <form method="post" onSubmit={onCode} className="stack">
          <Field
            name="code"
            label={methods?.totp === false ? "Recovery code" : "Code from your authenticator app, or a recovery code"}
            autoComplete="one-time-code"
            required
          />
          <button type="submit" className="button" disabled={busy}>
            Confirm
          </button>
        </form>
        {methods?.passkey !== false && (
          <button type="button" className="button button-quiet" onClick={onPasskey} disabled={busy}>
            Use a passkey
          </button>
        )}
        <button type="button" className="button button-quiet" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
      </dialog>
    </>
  );
}
