"use client";

import { getSession, signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";

/** Only same-site paths are followed after signing in (no open redirects). */
function safeCallback(callbackUrl: string | undefined): string | null {
  return callbackUrl && callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : null;
}

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (!result?.ok) {
      setPending(false);
      setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Wrong email or password.");
      return;
    }
    const session = await getSession();
    const home = session?.user.role === "INVESTOR" ? "/dashboard" : "/admin";
    // The second step asks for the second factor if the account has one, and otherwise sends the user on at once.
    router.replace(`/sign-in/second-factor?callbackUrl=${encodeURIComponent(safeCallback(callbackUrl) ?? home)}`);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="stack">
      {error && <Alert>{error}</Alert>}
      <Field name="email" label="Email" type="email" autoComplete="email" required />
      <Field name="password" label="Password" type="password" autoComplete="current-password" required />
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
