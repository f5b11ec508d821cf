"use client";

import { startRegistration } from "@simplewebauthn/browser";
import { useActionState, useState, useTransition, type FormEvent } from "react";
import {
  addPasskeyAction,
  confirmTotpAction,
  passkeyRegistrationOptionsAction,
  recoveryCodesAction,
  removeFactorAction,
  startTotpAction,
} from "@/app/security/actions";
import { StepUpRowButton } from "@/components/security/step-up-row-button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { IDLE, type FormState } from "@/lib/http/form-state";
import { StepUpPrompt } from "./step-up-prompt";
import { useStepUpAction } from "./use-step-up-action";

function Outcome({ state, hideFields = [] }: { state: FormState; hideFields?: string[] }) {
  if (state.status === "success") return <Alert tone="success">{state.message}</Alert>;
  if (state.status === "error" && !hideFields.some((field) => state.fields[field])) return <Alert>{state.message}</Alert>;
  return null;
}

export function StartTotpForm() {
  const { state, submit, pending, retry } = useStepUpAction(startTotpAction);
  return (
    <>
      <form action={submit} className="stack">
        <Outcome state={state} />
        <button type="submit" className="button" disabled={pending}>
          Set up an authenticator app
        </button>
      </form>
      <StepUpPrompt state={state} onConfirmed={retry} />
    </>
  );
}

export function ConfirmTotpForm() {
  const [state, action, pending] = useActionState(confirmTotpAction, IDLE);
  return (
    <form action={action} className="stack">
      <Outcome state={state} hideFields={["code"]} />
      <Field
        name="code"
        label="Code from the app"
        inputMode="numeric"
        autoComplete="one-time-code"
        required
        error={state.status === "error" ? state.fields.code : undefined}
      />
      <button type="submit" className="button" disabled={pending}>
        Confirm the app
      </button>
    </form>
  );
}

export function RemoveFactorForm({ factorId, label }: { factorId: string; label: string }) {
  return <StepUpRowButton action={removeFactorAction} field="factorId" value={factorId} label="Remove" name={`Remove ${label}`} />;
}

export function RecoveryCodesForm({ hasCodes }: { hasCodes: boolean }) {
  const { state, submit, pending, retry } = useStepUpAction(recoveryCodesAction);
  return (
    <>
      <form action={submit} className="stack">
        {state.status === "success" && (
          <Alert tone="success">
            <p>Your recovery codes (save them now: they are not shown again; each works once):</p>
            <ul className="recovery-codes" data-testid="recovery-codes">
              {state.message.split("\n").map((code) => (
                <li key={code}>
                  <code>{code}</code>
                </li>
              ))}
            </ul>
          </Alert>
        )}
        {state.status === "error" && !state.stepUp && <Alert>{state.message}</Alert>}
        <button type="submit" className="button" disabled={pending}>
          {hasCodes ? "Make new recovery codes" : "Make recovery codes"}
        </button>
      </form>
      <StepUpPrompt state={state} onConfirmed={retry} />
    </>
  );
}

export function AddPasskeyForm() {
  const [state, setState] = useState<FormState>(IDLE);
  const [pending, startWork] = useTransition();
  const [label, setLabel] = useState("");

  function register(name: string) {
    startWork(async () => {
      const answer = await passkeyRegistrationOptionsAction();
      if (answer.status !== "ok") {
        setState(answer);
        return;
      }
      let response;
      try {
        response = await startRegistration({ optionsJSON: answer.data });
      } catch {
        setState({ status: "error", message: "The passkey was not created (cancelled, or this device has one already).", fields: {} });
        return;
      }
      setState(await addPasskeyAction(IDLE, { label: name, response: JSON.stringify(response) }));
    });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    register(label);
  }

  return (
    <>
      <form method="post" onSubmit={onSubmit} className="stack">
        <Outcome state={state} hideFields={["label"]} />
        <Field
          name="label"
          label="Passkey name"
          placeholder="Work laptop"
          maxLength={60}
          required
          value={label}
          onChange={(event) => setLabel(event.target.value)}
          error={state.status === "error" ? state.fields.label : undefined}
        />
        <button type="submit" className="button" disabled={pending}>
          Add a passkey
        </button>
      </form>
      <StepUpPrompt state={state} onConfirmed={() => register(label)} />
    </>
  );
}
