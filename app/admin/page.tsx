import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/guards";
import { canManageUsers, STAFF_ROLES } from "@/lib/auth/roles";
import { countAccountsByRole } from "@/lib/users/staff";

export const metadata: Metadata = { title: "Advisor dashboard" };

export default async function AdminHomePage() {
  const user = await requirePageUser("/admin", STAFF_ROLES);
  const counts = await countAccountsByRole(user);
  return (
    <main>
      <h1>Advisor dashboard</h1>
      <p className="lede">
        Signed in as {user.name} ({user.role.toLowerCase()}).
      </p>
      <section aria-labelledby="book-heading" className="card">
        <h2 id="book-heading">The book</h2>
        <dl className="figures">
          <div>
            <dt>Investors</dt>
            <dd>{counts.INVESTOR}</dd>
          </div>
          <div>
            <dt>Advisors</dt>
            <dd>{counts.ADVISOR}</dd>
          </div>
          <div>
            <dt>Admins</dt>
            <dd>{counts.ADMIN}</dd>
          </div>
        </dl>
      </section>
      <p>
        <Link href="/admin/clients">{user.role === "ADMIN" ? "All clients" : "Your clients"}</Link>
      </p>
      {canManageUsers(user.role) && (
        <p>
          <Link href="/admin/accounts">Manage accounts and roles</Link>
        </p>
      )}
    </main>
  );
}
