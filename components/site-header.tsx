import Link from "next/link";
import { SignOutForm } from "@/components/auth/sign-out-form";
import { NavLink, TabBar } from "@/components/nav/nav-link";
import { NavSheet } from "@/components/nav/nav-sheet";
import { NotificationsLink } from "@/components/notifications/notifications-link";
import { currentUser } from "@/lib/auth/guards";
import { homePathFor } from "@/lib/auth/roles";
import { navigationFor, tabsFor } from "@/lib/navigation";
import { unreadCount } from "@/lib/notifications/centre";

/**
 * The header: the logo, the primary pages inline on a laptop, the notifications bell, and a menu of every page
 * (the whole list on a phone, the rest as "More" on a laptop) with who is signed in and the sign-out button.
 * On a phone a tab bar at the bottom of the screen holds the primary pages.
 */
export async function SiteHeader() {
  const user = await currentUser();
  if (!user) {
    return (
      <header className="site-header">
        <Brand href="/" />
        <nav aria-label="Main" className="site-nav">
          <Link href="/sign-in" className="nav-link">
            Sign in
          </Link>
          <Link href="/sign-up" className="button">
            Open an account
          </Link>
        </nav>
      </header>
    );
  }
  const groups = navigationFor(user.role);
  const primary = groups.find((group) => group.primary);
  return (
    <>
      <header className="site-header">
        <Brand href={homePathFor(user.role)} />
        <nav aria-label="Main" className="site-nav">
          {primary && (
            <ul className="nav-primary">
              {primary.items.map((item) => (
                <li key={item.href}>
                  <NavLink item={item} />
                </li>
              ))}
            </ul>
          )}
          <NotificationsLink unread={await unreadCount(user)} />
          <NavSheet>
            {groups.map((group) => (
              <section key={group.name} aria-label={group.name} className={group.primary ? "nav-group-primary" : undefined}>
                <h2>{group.name}</h2>
                <ul>
                  {group.items.map((item) => (
                    <li key={item.href}>
                      <NavLink item={item} />
                    </li>
                  ))}
                </ul>
              </section>
            ))}
            <div className="nav-sheet-footer">
              <span className="who">
                Signed in as <strong>{user.name}</strong>
              </span>
              <SignOutForm />
            </div>
          </NavSheet>
        </nav>
      </header>
      <TabBar items={tabsFor(user.role)} />
    </>
  );
}

function Brand({ href }: { href: string }) {
  return (
    <Link href={href} className="brand">
      {/* eslint-disable-next-line @next/next/no-img-element -- a 28 px SVG from public/: nothing for next/image to do */}
      <img src="/logo.svg" alt="" width={28} height={28} />
      Autovest
    </Link>
  );
}
