"use client";

import { useMemo } from "react";
import { Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface TrackSeries {
  dates: string[];
  /** Cumulative returns since the first day, as ratios (0.05 = +5 %). */
  net: number[];
  benchmark: number[] | null;
}

const percent = (value: unknown) => {
  const ratio = Number(value);
  return `${ratio > 0 ? "+" : ratio < 0 ? "−" : ""}${Math.abs(ratio * 100).toFixed(2)}%`;
};

/**
 * The strategy's return since inception, net of the fee, beside the 60/40 benchmark (the figures beside it say the
 * same in words). Dates are calendar days, formatted in the viewer's `locale` without a zone shift.
 */
export function TrackRecordChart({ series, locale }: { series: TrackSeries; locale: string }) {
  const points = useMemo(() => series.dates.map((date, i) => ({ date, net: series.net[i], benchmark: series.benchmark?.[i] })), [series]);
  const dates = useMemo(() => {
    const month = new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" });
    const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
    const at = (date: unknown) => new Date(`${String(date)}T00:00:00Z`);
    return { month: (date: unknown) => month.format(at(date)), day: (date: unknown) => day.format(at(date)) };
  }, [locale]);
  return (
    <div className="chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={240}>
        {/* Hidden from assistive technology (the figures say the same in words), so not focusable either. */}
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false}>
          <XAxis dataKey="date" tick={{ fontSize: 12 }} minTickGap={40} tickFormatter={dates.month} />
          <YAxis tickFormatter={percent} width={64} tick={{ fontSize: 12 }} domain={["auto", "auto"]} />
          <Tooltip formatter={percent} labelFormatter={dates.day} />
          <Legend verticalAlign="top" height={24} />
          <Line name="This strategy, after fees" type="monotone" dataKey="net" stroke="#1d5fd1" strokeWidth={2} dot={false} isAnimationActive={false} />
          {series.benchmark && (
            <Line name="Benchmark: 60/40 stocks and bonds" type="monotone" dataKey="benchmark" stroke="#5b6b85" strokeDasharray="4 3" dot={false} isAnimationActive={false} connectNulls />
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
