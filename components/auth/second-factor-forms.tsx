"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { useActionState, useState, useTransition } from "react";
import { proveSignInAction, signInPasskeyOptionsAction } from "@/app/(public)/sign-in/second-factor/actions";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { IDLE, type FormState } from "@/lib/http/form-state";

/** A code from the authenticator app, or (method "recovery") a recovery code. */
export function SignInCodeForm({ method, callbackUrl }: { method: "totp" | "recovery"; callbackUrl?: string }) {
  const [state, action, pending] = useActionState(proveSignInAction, IDLE);
  const totp = method === "totp";
  return (
    <form action={action} method="post" className="stack">
      {state.status === "error" && <Alert>{state.message}</Alert>}
      <input type="hidden" name="method" value={method} />
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
      <Field
        id={`${method}-code`}
        name="code"
        label={totp ? "Code from your authenticator app" : "Recovery code"}
        inputMode={totp ? "numeric" : "text"}
        autoComplete="one-time-code"
        autoFocus={totp}
        required
      />
      <button type="submit" className="button" disabled={pending}>
        {totp ? "Verify" : "Use recovery code"}
      </button>
    </form>
  );
}

export function SignInPasskeyButton({ callbackUrl }: { callbackUrl?: string }) {
  const [state, setState] = useState<FormState>(IDLE);
  const [pending, startWork] = useTransition();
  function usePasskey() {
    startWork(async () => {
      const answer = await signInPasskeyOptionsAction();
      const options = answer.status === "ok" ? answer.data : null;
      if (!options) {
        setState({ status: "error", message: "Your sign-in has expired, or you have no passkey. Sign in again.", fields: {} });
        return;
      }
      let response;
      try {
        response = await startAuthentication({ optionsJSON: options });
      } catch {
        setState({ status: "error", message: "The passkey was not used. Try again, or use another way.", fields: {} });
        return;
      }
      // On success the action redirects (Next.js follows it); otherwise it answers why not.
      setState(await proveSignInAction(IDLE, { method: "passkey", response: JSON.stringify(response), callbackUrl: callbackUrl ?? "" }));
    });
  }
  return (
    <div className="stack">
      {state.status === "error" && <Alert>{state.message}</Alert>}
      <button type="button" className="button" onClick={usePasskey} disabled={pending}>
        Use a passkey
      </button>
    </div>
  );
}
