import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Account closed" };

export default function AccountClosedPage() {
  return (
    <main className="narrow">
      <h1>Your account is closed</h1>
      <p className="lede">You are signed out everywhere, and this account can no longer sign in.</p>
      <p>
        We sent a confirmation to your email address before erasing it. The records the law requires us to keep are held under a reference
        number, not your name.
      </p>
      <p>
        <Link href="/">Back to the home page</Link>
      </p>
    </main>
  );
}
