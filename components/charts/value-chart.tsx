"use client";

import { useMemo } from "react";
import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney } from "@/lib/money";

export interface ValuePoint {
  date: string;
  /** Integer cents (exact as a number far beyond any account's value); formatted without float arithmetic. */
  cents: number;
  /** The same money in the benchmark, in cents, when there is price history for it. */
  benchmark?: number;
  /** The value at the start plus net deposits since, in cents. */
  deposits?: number;
}

const asMoney = (cents: unknown) => formatMoney(BigInt(Math.round(Number(cents))));

/**
 * The series as the server sends it: one array per column (a third of the bytes of one object per day, on every
 * dashboard page), `cents[i]`, `benchmark[i]` and `deposits[i]` on `dates[i]`.
 */
export interface ValueSeries {
  dates: string[];
  cents: number[];
  benchmark: number[] | null;
  deposits: number[];
}

export const SERIES_NAMES = { cents: "Your portfolio", benchmark: "60/40 benchmark", deposits: "Net deposits" } as const;
/** Each line's colour and dash, told apart by the dash as well as the colour. */
const STROKES = {
  cents: { stroke: "#1d5fd1", dash: undefined },
  benchmark: { stroke: "#8a6d1d", dash: "6 3" },
  deposits: { stroke: "#6b7280", dash: "2 3" },
} as const;
const LEGEND = (Object.keys(SERIES_NAMES) as (keyof typeof SERIES_NAMES)[]).map((key) => ({ name: SERIES_NAMES[key], ...STROKES[key] }));

/**
 * The account's daily value over the chosen range, beside the like-for-like benchmark and the money paid in
 * (the figures beside it say the same in words). Dates are calendar days: formatted in the viewer's `locale`
 * without a zone shift. The axis's compact amounts ("$25K") are labels only, rounded by Intl from whole dollars.
 */
export function ValueChart({ series, locale }: { series: ValueSeries; locale: string }) {
  const points = useMemo<ValuePoint[]>(
    () => series.dates.map((date, i) => ({ date, cents: series.cents[i]!, benchmark: series.benchmark?.[i], deposits: series.deposits[i] })),
    [series],
  );
  const formats = useMemo(() => {
    const month = new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" });
    const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
    const compact = new Intl.NumberFormat(locale, { style: "currency", currency: "USD", notation: "compact", maximumFractionDigits: 1 });
    const at = (date: unknown) => new Date(`${String(date)}T00:00:00Z`);
    return {
      month: (date: unknown) => month.format(at(date)),
      day: (date: unknown) => day.format(at(date)),
      // Whole dollars, from integer cents: a label, never a figure anything is computed from.
      compact: (cents: unknown) => compact.format(Math.round(Number(cents) / 100)),
    };
  }, [locale]);
  return (
    <div className="chart">
      <ul className="chart-legend" aria-label="Chart legend">
        {LEGEND.map((item) => (
          <li key={item.name}>
            <svg width="24" height="10" aria-hidden="true">
              <line x1="0" y1="5" x2="24" y2="5" stroke={item.stroke} strokeWidth={2} strokeDasharray={item.dash} />
            </svg>
            {item.name}
          </li>
        ))}
      </ul>
      <div aria-hidden="true">
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
          <XAxis dataKey="date" tick={{ fontSize: 12 }} minTickGap={40} tickFormatter={formats.month} />
          <YAxis tickFormatter={formats.compact} width={56} tick={{ fontSize: 12 }} domain={["auto", "auto"]} />
          <Tooltip formatter={asMoney} labelFormatter={formats.day} />
          <Line name={SERIES_NAMES.cents} type="monotone" dataKey="cents" stroke={STROKES.cents.stroke} strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line
            name={SERIES_NAMES.benchmark}
            type="monotone"
            dataKey="benchmark"
            stroke={STROKES.benchmark.stroke}
            strokeDasharray={STROKES.benchmark.dash}
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
          <Line name={SERIES_NAMES.deposits} type="stepAfter" dataKey="deposits" stroke={STROKES.deposits.stroke} strokeDasharray={STROKES.deposits.dash} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
      </div>
    </div>
  );
}
