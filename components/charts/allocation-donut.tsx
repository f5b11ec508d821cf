"use client";

import { Cell, Pie, PieChart, ResponsiveContainer } from "recharts";

export interface DonutSlice {
  label: string;
  /** Percentages for drawing only (the table beside the donut gives the exact figures). */
  actual: number;
  target: number;
  colour: string;
}

/** Two rings: the inner one the target, the outer one what is held; the table beside it says the same in words. */
export function AllocationDonut({ slices }: { slices: DonutSlice[] }) {
  return (
    <div className="allocation-donut" aria-hidden="true">
      <ResponsiveContainer width="100%" height={220}>
        <PieChart accessibilityLayer={false}>
          <Pie data={slices} dataKey="target" nameKey="label" innerRadius="38%" outerRadius="58%" isAnimationActive={false} stroke="#fff" rootTabIndex={-1}>
            {slices.map((slice) => (
              <Cell key={slice.label} fill={slice.colour} fillOpacity={0.45} />
            ))}
          </Pie>
          <Pie data={slices} dataKey="actual" nameKey="label" innerRadius="64%" outerRadius="88%" isAnimationActive={false} stroke="#fff" rootTabIndex={-1}>
            {slices.map((slice) => (
              <Cell key={slice.label} fill={slice.colour} />
            ))}
          </Pie>
        </PieChart>
      </ResponsiveContainer>
    </div>
  );
}
