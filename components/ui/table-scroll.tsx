import type { ReactNode } from "react";

/**
 * A wide table that scrolls sideways inside its own box on a phone instead of widening the page. The box can be
 * focused (and so scrolled from the keyboard) and is a named region, as axe's scrollable-region rule asks.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
