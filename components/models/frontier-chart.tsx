"use client";

import { CartesianGrid, Label, LabelList, Legend, Line, LineChart, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";

/** One point on the risk/return axes, in percent (estimates, rounded to hundredths). */
export interface RiskReturnPoint {
  name: string;
  volatility: number;
  expectedReturn: number;
}

const percent = (value: unknown) => `${Number(value).toFixed(1)}%`;

function PointTooltip({ active, payload }: { active?: boolean; payload?: { payload?: RiskReturnPoint }[] }) {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  return (
    <div className="card chart-tooltip">
      <strong>{point.name}</strong>
      <div>Expected return {percent(point.expectedReturn)} a year (estimate)</div>
      <div>Volatility {percent(point.volatility)}</div>
    </div>
  );
}

/**
 * The efficient frontier as a line, each published model as a labelled point, the maximum-Sharpe portfolio and the
 * one chosen. The table beside it gives the same figures in words (the chart is hidden from screen readers).
 */
export function FrontierChart({ frontier, models, sharpe, picked }: { frontier: RiskReturnPoint[]; models: RiskReturnPoint[]; sharpe: RiskReturnPoint; picked: RiskReturnPoint }) {
  return (
    <div className="chart" aria-hidden="true" data-testid="frontier-chart">
      <ResponsiveContainer width="100%" height={340}>
        <ScatterChart margin={{ top: 8, right: 24, bottom: 24, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="volatility" tickFormatter={percent} domain={[0, "auto"]} tick={{ fontSize: 12 }}>
            <Label value="Volatility (a year)" position="bottom" offset={4} />
          </XAxis>
          <YAxis type="number" dataKey="expectedReturn" tickFormatter={percent} domain={["auto", "auto"]} width={64} tick={{ fontSize: 12 }}>
            <Label value="Expected return" angle={-90} position="insideLeft" />
          </YAxis>
          <Tooltip content={<PointTooltip />} />
          <Legend verticalAlign="top" height={32} />
          <Scatter name="Efficient frontier" data={frontier} fill="#1d5fd1" line={{ stroke: "#1d5fd1", strokeWidth: 2 }} shape="circle" isAnimationActive={false} />
          <Scatter name="Published models" data={models} fill="#b3261e" shape="diamond" isAnimationActive={false}>
            <LabelList dataKey="name" position="right" style={{ fontSize: 11 }} />
          </Scatter>
          <Scatter name="Maximum Sharpe" data={[sharpe]} fill="#1b7f3b" shape="star" isAnimationActive={false} />
          <Scatter name="Chosen portfolio" data={[picked]} fill="#7a4dd8" shape="triangle" isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The growth of $1 in the chosen portfolio, rebalanced daily (the figures beside it say the same in words). */
export function BacktestChart({ dates, index }: { dates: string[]; index: number[] }) {
  const points = dates.map((date, i) => ({ date, growth: index[i]! }));
  return (
    <div className="chart" aria-hidden="true" data-testid="backtest-chart">
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false}>
          <XAxis dataKey="date" tick={{ fontSize: 12 }} minTickGap={40} />
          <YAxis tickFormatter={(v: number) => `$${v.toFixed(2)}`} width={56} tick={{ fontSize: 12 }} domain={["auto", "auto"]} />
          <Tooltip formatter={(v) => `$${Number(v).toFixed(3)}`} />
          <Legend verticalAlign="top" height={24} />
          <Line name="Growth of $1 (past, not a forecast)" dataKey="growth" stroke="#7a4dd8" strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
