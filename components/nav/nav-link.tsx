"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { CSSProperties } from "react";
import { isCurrent, type NavItem } from "@/lib/navigation";

export const iconStyle = (name: string) => ({ "--icon": `url(/icons/${name}.svg)` }) as CSSProperties;

/** A link of the navigation, marked `aria-current="page"` on its own page and its sub-pages. */
export function NavLink({ item, className = "nav-link" }: { item: NavItem; className?: string }) {
  const pathname = usePathname();
  return (
    <Link href={item.href} className={className} aria-current={isCurrent(item.href, pathname) ? "page" : undefined}>
      {item.label}
    </Link>
  );
}

/** The phone's tab bar: icons with short labels, fixed at the bottom of the screen (hidden from 48rem up). */
export function TabBar({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Tabs" className="tab-bar">
      {items.map((item) => (
        <Link key={item.href} href={item.href} aria-current={isCurrent(item.href, pathname) ? "page" : undefined}>
          <span className="icon" aria-hidden="true" style={iconStyle(item.icon ?? "home")} />
          {item.tabLabel ?? item.label}
        </Link>
      ))}
    </nav>
  );
}
