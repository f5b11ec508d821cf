"use client";

import { useMemo } from "react";
import { Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney } from "@/lib/money";

export interface ValuePoint {
  date: string;
  /** Integer cents (exact as a number far beyond any account's value); formatted without float arithmetic. */
  cents: number;
  /** The same money in the benchmark, in cents, when there is price history for it. */
  benchmark?: number;
}

const asMoney = (cents: unknown) => formatMoney(BigInt(Math.round(Number(cents))));

/**
 * The series as the server sends it: one array per column (a third of the bytes of one object per day, on every
 * dashboard page), `cents[i]` and `benchmark[i]` on `dates[i]`.
 */
export interface ValueSeries {
  dates: string[];
  cents: number[];
  benchmark: number[] | null;
}

/** The account's daily value over the chosen range (the figures beside it say the same in words). */
export function ValueChart({ series }: { series: ValueSeries }) {
  const points = useMemo<ValuePoint[]>(
    () => series.dates.map((date, i) => ({ date, cents: series.cents[i]!, benchmark: series.benchmark?.[i] })),
    [series],
  );
  return (
    <div className="chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 16 }}>
          <XAxis dataKey="date" tick={{ fontSize: 12 }} minTickGap={32} />
          <YAxis tickFormatter={asMoney} width={100} tick={{ fontSize: 12 }} domain={["auto", "auto"]} />
          <Tooltip formatter={asMoney} />
          <Legend verticalAlign="top" height={24} />
          <Line name="Your portfolio" type="monotone" dataKey="cents" stroke="#1d5fd1" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line name="Benchmark: the same deposits and withdrawals" type="monotone" dataKey="benchmark" stroke="#9aa6bb" strokeDasharray="4 3" dot={false} isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
