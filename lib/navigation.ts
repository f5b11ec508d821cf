/**
 * The signed-in person's navigation: which pages each role reaches, in which group, and which few are the
 * primary ones (inline in the header on a laptop, in the tab bar on a phone). Pure, so the header, the menu
 * sheet and the tab bar all draw from one list.
 */
import type { Role } from "./auth/roles";
import { canManageUsers, isStaff } from "./auth/roles";

export interface NavItem {
  href: string;
  label: string;
  /** An icon in public/icons, for the tab bar. */
  icon?: string;
  /** Label in the phone's tab bar when shorter than `label`. */
  tabLabel?: string;
}

export interface NavGroup {
  name: string;
  items: NavItem[];
  /** The group shown inline on a laptop (and so left out of its "More" menu). */
  primary?: boolean;
}

const INVESTOR: NavGroup[] = [
  {
    name: "Your money",
    primary: true,
    items: [
      { href: "/dashboard", label: "Dashboard", icon: "home", tabLabel: "Home" },
      { href: "/holdings", label: "Holdings", icon: "pie" },
      { href: "/goals", label: "Goals", icon: "target" },
      { href: "/activity", label: "Activity", icon: "list" },
      { href: "/deposit", label: "Deposit", icon: "plus-circle" },
      { href: "/withdraw", label: "Withdraw" },
      { href: "/documents", label: "Documents" },
    ],
  },
  {
    name: "Investing",
    items: [
      { href: "/portfolio", label: "Portfolio" },
      { href: "/strategies", label: "Strategies" },
      { href: "/recurring-deposits", label: "Recurring deposits" },
      { href: "/bank-accounts", label: "Bank accounts" },
      { href: "/consultations", label: "Consultations" },
    ],
  },
  {
    name: "Account",
    items: [
      { href: "/verify", label: "Identity" },
      { href: "/settings", label: "Settings" },
      { href: "/security", label: "Security" },
      { href: "/your-data", label: "Your data" },
    ],
  },
];

function staff(role: Role): NavGroup[] {
  return [
    {
      name: "Book",
      primary: true,
      items: [
        { href: "/admin", label: "Advisor dashboard", icon: "overview", tabLabel: "Overview" },
        { href: "/admin/clients", label: "Clients", icon: "users" },
        { href: "/admin/models", label: "Models", icon: "pie" },
        { href: "/admin/withdrawals", label: "Approvals" },
        { href: "/admin/operations", label: "Operations", icon: "gauge" },
        { href: "/admin/audit", label: "Audit trail" },
      ],
    },
    {
      name: "More",
      items: [
        { href: "/admin/consultations", label: "Consultations" },
        { href: "/admin/fees", label: "Fees" },
        { href: "/admin/corporate-actions", label: "Corporate actions" },
        ...(canManageUsers(role) ? [{ href: "/admin/accounts", label: "Accounts" }] : []),
      ],
    },
    {
      name: "Account",
      items: [
        { href: "/settings", label: "Settings" },
        { href: "/security", label: "Security" },
        { href: "/your-data", label: "Your data" },
      ],
    },
  ];
}

export function navigationFor(role: Role): NavGroup[] {
  return isStaff(role) ? staff(role) : INVESTOR;
}

/** The phone's tab bar: the primary items that have an icon (at most five). */
export function tabsFor(role: Role): NavItem[] {
  return navigationFor(role)
    .filter((group) => group.primary)
    .flatMap((group) => group.items)
    .filter((item) => item.icon)
    .slice(0, 5);
}

/** Whether `href` is the page at `pathname` or one of its sub-pages ("/admin" only itself: every staff page is under it). */
export function isCurrent(href: string, pathname: string): boolean {
  if (href === "/admin" || href === "/") return pathname === href;
  return pathname === href || pathname.startsWith(`${href}/`);
}
