"use client";

import { Area, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface FanPoint {
  /** Months from today. */
  month: number;
  /** Whole dollars: estimates from the simulation, for drawing only (the page states the figures in words). */
  p10: number;
  p50: number;
  p90: number;
}

const compact = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", notation: "compact", maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });

/** Where a goal's value may be, year by year: the 10th–90th percentile band, the median, and the target. */
export function GoalFanChart({ points, target, startYear, label }: { points: FanPoint[]; target: number; startYear: number; label: string }) {
  const data = points.map((point) => ({ ...point, band: [point.p10, point.p90] as [number, number] }));
  const lastMonth = points.at(-1)?.month ?? 12;
  const step = lastMonth > 360 ? 120 : lastMonth > 120 ? 60 : 12;
  const ticks = points.map((point) => point.month).filter((month) => month % step === 0 || month === lastMonth);
  const yearOf = (month: number) => (month === 0 ? "Today" : String(startYear + Math.round(month / 12)));
  return (
    <figure className="goal-chart" aria-label={label}>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={260}>
          <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false}>
            <XAxis dataKey="month" type="number" domain={[0, lastMonth]} ticks={ticks} tickFormatter={yearOf} tick={{ fontSize: 12 }} />
            <YAxis tickFormatter={(value: number) => compact.format(value)} width={64} tick={{ fontSize: 12 }} />
            <Tooltip
              labelFormatter={(month) => (Number(month) === 0 ? "Today" : `In ${(Number(month) / 12).toFixed(1)} years`)}
              formatter={(value, name) => (Array.isArray(value) ? [`${whole.format(Number(value[0]))} – ${whole.format(Number(value[1]))}`, name] : [whole.format(Number(value)), name])}
            />
            <Legend verticalAlign="top" height={28} />
            <Area name="Likely range (10th–90th percentile)" dataKey="band" stroke="none" fill="#1d5fd1" fillOpacity={0.18} isAnimationActive={false} />
            <Line name="Median" dataKey="p50" stroke="#1d5fd1" strokeWidth={2} dot={false} isAnimationActive={false} />
            <ReferenceLine y={target} stroke="#b45309" strokeDasharray="5 4" ifOverflow="extendDomain" label={{ value: "Target", position: "insideTopLeft", fontSize: 12 }} />
            <Line name="Target" dataKey={() => target} stroke="#b45309" strokeDasharray="5 4" dot={false} activeDot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
