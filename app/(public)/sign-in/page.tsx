import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentUser } from "@/lib/auth/guards";
import { safeReturnPath } from "@/lib/auth/return-path";
import { homePathFor } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const user = await currentUser();
  if (user) redirect(homePathFor(user.role));
  const { callbackUrl } = await searchParams;
  return (
    <main className="narrow">
      <h1>Sign in</h1>
      <SignInForm callbackUrl={safeReturnPath(callbackUrl) ?? undefined} />
      <p>
        New to Autovest? <Link href="/sign-up">Open an account</Link>
      </p>
    </main>
  );
}
