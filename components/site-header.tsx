import Link from "next/link";
import { SignOutForm } from "@/components/auth/sign-out-form";
import { NotificationsLink } from "@/components/notifications/notifications-link";
import { currentUser } from "@/lib/auth/guards";
import { canManageUsers, homePathFor, isStaff } from "@/lib/auth/roles";
import { unreadCount } from "@/lib/notifications/centre";

export async function SiteHeader() {
  const user = await currentUser();
  return (
    <header className="site-header">
      <Link href={user ? homePathFor(user.role) : "/"} className="brand">
        Autovest
      </Link>
      <nav aria-label="Main">
        {user ? (
          <>
            {isStaff(user.role) ? (
              <>
                <Link href="/admin">Advisor dashboard</Link>
                <Link href="/admin/clients">Clients</Link>
                <Link href="/admin/models">Models</Link>
                <Link href="/admin/consultations">Consultations</Link>
                <Link href="/admin/audit">Audit trail</Link>
                <Link href="/admin/operations">Operations</Link>
                <Link href="/admin/withdrawals">Approvals</Link>
                <Link href="/admin/corporate-actions">Corporate actions</Link>
                {canManageUsers(user.role) && <Link href="/admin/accounts">Accounts</Link>}
                <Link href="/settings">Settings</Link>
              </>
            ) : (
              <>
                <Link href="/dashboard">Dashboard</Link>
                <Link href="/holdings">Holdings</Link>
                <Link href="/goals">Goals</Link>
                <Link href="/activity">Activity</Link>
                <Link href="/documents">Documents</Link>
                <Link href="/withdraw">Withdraw</Link>
                <Link href="/verify">Identity</Link>
                <Link href="/consultations">Consultations</Link>
                <Link href="/settings">Settings</Link>
                <Link href="/your-data">Your data</Link>
              </>
            )}
            <Link href="/security">Security</Link>
            <NotificationsLink unread={await unreadCount(user)} />
            {/* Staff reach their own data through their name (their menu is full); investors have a "Your data" link. */}
            {isStaff(user.role) ? (
              <Link href="/your-data" className="who" aria-label={`Signed in as ${user.name}: your data`}>
                {user.name}
              </Link>
            ) : (
              <span className="who" aria-label="Signed in as">
                {user.name}
              </span>
            )}
            <SignOutForm />
          </>
        ) : (
          <>
            <Link href="/sign-in">Sign in</Link>
            <Link href="/sign-up" className="button">
              Open an account
            </Link>
          </>
        )}
      </nav>
    </header>
  );
}
