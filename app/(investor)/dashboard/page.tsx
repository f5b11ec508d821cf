import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requirePageUser("/dashboard", ["INVESTOR"]);
  return (
    <main>
      <h1>Welcome, {user.name}</h1>
      <section aria-labelledby="account-heading" className="card">
        <h2 id="account-heading">Your account</h2>
        <p>
          Signed in as <strong>{user.email}</strong>.
        </p>
        <p>Your account is open. Once you fund it, your money is invested in the portfolio that fits your goals.</p>
      </section>
    </main>
  );
}
