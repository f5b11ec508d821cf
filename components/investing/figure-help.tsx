import type { ReactNode } from "react";

/**
 * One line saying what a figure means, under it in a figures list: visible text (read by screen readers with the
 * figure, and on touch screens), not a hover title. docs/returns.md has the full definitions.
 */
export function FigureHelp({ children }: { children: ReactNode }) {
  return <dd className="figure-help">{children}</dd>;
}
