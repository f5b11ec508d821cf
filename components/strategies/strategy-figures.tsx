import { fixedRatio } from "@/lib/portfolio/returns";
import type { TrackFigures } from "@/lib/strategies/track-record";
import type { Capacity } from "@/lib/strategies/views";

/** A ratio as a signed percentage ("+4.20%", "−1.05%"), or a dash when the history does not cover the period. */
export const signedPercent = (ratio: number | null) => {
  if (ratio === null) return "—";
  const text = fixedRatio(ratio * 100, 2);
  return text.startsWith("-") ? `−${text.slice(1)}%` : `${text === "0.00" ? "" : "+"}${text}%`;
};

export const plainPercent = (ratio: number) => `${fixedRatio(ratio * 100, 2)}%`;

/** A gain in green or a loss in red, always with its sign (never colour alone). */
export function SignedRatio({ ratio, testId }: { ratio: number | null; testId?: string }) {
  const tone = ratio === null || ratio === 0 ? undefined : ratio > 0 ? "amount-gain" : "amount-loss";
  return (
    <span className={tone} data-testid={testId}>
      {signedPercent(ratio)}
    </span>
  );
}

/** The track record's figures after fees (docs/strategies.md defines each). */
export function StrategyFigures({ figures, prefix }: { figures: TrackFigures; prefix: string }) {
  return (
    <dl className="figures">
      <div>
        <dt>Since inception</dt>
        <dd className="number">
          <SignedRatio ratio={figures.sinceInception} testId={`${prefix}-since-inception`} />
          {figures.sinceInceptionAnnualised !== null && <span className="muted"> ({signedPercent(figures.sinceInceptionAnnualised)} a year)</span>}
        </dd>
      </div>
      <div>
        <dt>Last 12 months</dt>
        <dd className="number">
          <SignedRatio ratio={figures.oneYear} testId={`${prefix}-one-year`} />
        </dd>
      </div>
      <div>
        <dt>Volatility (a year)</dt>
        <dd className="number" data-testid={`${prefix}-volatility`}>
          {plainPercent(figures.volatility)}
        </dd>
      </div>
      <div>
        <dt>Largest fall</dt>
        <dd className="number" data-testid={`${prefix}-drawdown`}>
          {figures.maxDrawdown === 0 ? "0.00%" : `−${plainPercent(figures.maxDrawdown)}`}
        </dd>
      </div>
    </dl>
  );
}

/** Where the strategy stands against the viewer's questionnaire (lib/strategies/views.ts Capacity). */
export function CapacityBadge({ capacity }: { capacity: Capacity }) {
  switch (capacity) {
    case "unknown":
      return <span className="badge">Take the questionnaire to see if it fits you</span>;
    case "within":
      return <span className="badge badge-ok">Within your risk capacity</span>;
    case "higher":
      return <span className="badge badge-warn">More risk than we recommend</span>;
    case "above":
      return <span className="badge badge-bad">Above your risk capacity</span>;
  }
}
