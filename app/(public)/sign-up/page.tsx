import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { currentUser } from "@/lib/auth/guards";
import { homePathFor } from "@/lib/auth/roles";
import { signUpAction } from "./actions";

export const metadata: Metadata = { title: "Open an account" };

export default async function SignUpPage() {
  const user = await currentUser();
  if (user) redirect(homePathFor(user.role));
  return (
    <main className="narrow">
      <h1>Open your Autovest account</h1>
      <p className="lede">It takes a minute. You can fund it and choose your portfolio afterwards.</p>
      <SignUpForm action={signUpAction} />
      <p>
        Already have an account? <Link href="/sign-in">Sign in</Link>
      </p>
    </main>
  );
}
