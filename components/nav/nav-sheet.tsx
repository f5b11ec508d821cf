"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, type ReactNode } from "react";

/**
 * The menu: a button that opens a popover sheet of every page. The browser gives the popover its behaviour
 * (light dismiss, Escape, top layer); this closes it after a link is followed, since a client-side navigation
 * keeps the header (and so the open popover) in place.
 */
export function NavSheet({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const sheet = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = sheet.current;
    if (element?.matches(":popover-open")) element.hidePopover();
  }, [pathname]);
  return (
    <>
      <button type="button" className="icon-button" popoverTarget="nav-sheet" aria-controls="nav-sheet">
        <span className="icon" aria-hidden="true" style={{ "--icon": "url(/icons/menu.svg)" } as React.CSSProperties} />
        <span className="nav-menu-label-narrow">Menu</span>
        <span className="nav-menu-label-wide">More</span>
      </button>
      <div id="nav-sheet" popover="auto" className="nav-sheet" ref={sheet}>
        {children}
      </div>
    </>
  );
}
