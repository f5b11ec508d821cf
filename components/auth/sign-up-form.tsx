"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { IDLE, type FormState } from "@/lib/http/form-state";

type SignUpAction = (previous: FormState, input: { name: string; email: string; password: string }) => Promise<FormState>;

export function SignUpForm({ action }: { action: SignUpAction }) {
  const router = useRouter();
  const [state, setState] = useState<FormState>({ status: "idle" });
  const [pending, setPending] = useState(false);
  const fieldErrors = state.status === "error" ? state.fields : {};

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    setPending(true);
    const result = await action(IDLE, input);
    setState(result);
    if (result.status !== "success") {
      setPending(false);
      return;
    }
    const signedIn = await signIn("credentials", { email: input.email, password: input.password, redirect: false });
    router.replace(signedIn?.ok ? "/dashboard" : "/sign-in");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="stack">
      {state.status === "error" && Object.keys(fieldErrors).length === 0 && <Alert>{state.message}</Alert>}
      <Field name="name" label="Full name" autoComplete="name" required error={fieldErrors.name} />
      <Field name="email" label="Email" type="email" autoComplete="email" required error={fieldErrors.email} />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 12 characters. Avoid common passwords."
        error={fieldErrors.password}
      />
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Creating your account…" : "Create account"}
      </button>
    </form>
  );
}
