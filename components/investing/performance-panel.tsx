import Link from "next/link";
import { ValueChart, type ValueSeries } from "@/components/charts/value-chart";
import { FigureHelp } from "@/components/investing/figure-help";
import { DEFAULT_LOCALE } from "@/lib/format/viewer";
import { formatMoney } from "@/lib/money";
import { RANGES, thinned, type Performance } from "@/lib/portfolio/performance";
import { fixedRatio, MONEY_WEIGHTED_REASONS } from "@/lib/portfolio/returns";
import { currentUser } from "@/lib/auth/guards";
import { viewerFormatFor, type ViewerFormat } from "@/lib/format/viewer";

/** At most 320 days of the series, as columns of numbers (integer cents are exact as numbers). */
function chartSeries(series: Performance["series"]): ValueSeries {
  const points = thinned(series);
  const benchmark = points.every((point) => point.benchmark !== null) ? points.map((point) => Number(point.benchmark)) : null;
  return {
    dates: points.map((point) => point.date),
    cents: points.map((point) => Number(point.value)),
    benchmark,
    deposits: points.map((point) => Number(point.deposits)),
  };
}

const RANGE_NAMES: Record<Performance["range"], string> = { "1M": "1 month", "3M": "3 months", YTD: "Year to date", "1Y": "1 year", ALL: "All time" };

const percent = (ratio: number | null) => (ratio === null ? "—" : `${fixedRatio(ratio * 100, 2)}%`);
const perYear = (ratio: number | null) => (ratio === null ? null : `${percent(ratio)} a year (annualised)`);

/** "1Y, Dec 2, 2025 – Dec 1, 2026": the range and the (calendar) days its figures cover, in the viewer's locale. */
export function periodLabel(performance: Performance, format: ViewerFormat): string {
  const name = performance.range === "ALL" ? "All time" : performance.range;
  return performance.period ? `${name}, ${format.day(performance.period.from)} – ${format.day(performance.period.to)}` : name;
}

/**
 * `basePath` is the page the range links go to (the investor's dashboard, or an advisor's client page); `locale`
 * the viewer's (lib/format/viewer.ts), for the chart's dates and amounts.
 */
export async function PerformancePanel({ performance, basePath = "/dashboard", locale = DEFAULT_LOCALE }: { performance: Performance; basePath?: string; locale?: string }) {
  const first = performance.series[0];
  const last = performance.series.at(-1);
  const mw = performance.moneyWeighted;
  const format = await viewerFormatFor(await currentUser());
  return (
    <section aria-labelledby="performance-heading" className="card">
      <h2 id="performance-heading">Performance</h2>
      <nav aria-label="Performance range" className="ranges">
        {RANGES.map((range) => (
          <Link
            key={range}
            href={`${basePath}?range=${range}`}
            className="button button-quiet"
            aria-current={range === performance.range ? "true" : undefined}
            title={RANGE_NAMES[range]}
          >
            {range === "ALL" ? "All" : range}
          </Link>
        ))}
      </nav>
      {performance.series.length < 2 ? (
        <p>Performance appears after your first full day invested.</p>
      ) : (
        <>
          <p data-testid="performance-period">
            {periodLabel(performance, format)}. Returns are cumulative over these days, from the value at the end of the day before; a
            figure marked annualised is a rate per year, shown for periods of a year or more.
          </p>
          <dl className="figures">
            <div>
              <dt>Time-weighted return (cumulative)</dt>
              <dd data-testid="twr">{percent(performance.timeWeighted)}</dd>
              {perYear(performance.timeWeightedAnnualised) && <dd data-testid="twr-annualised">{perYear(performance.timeWeightedAnnualised)}</dd>}
              <FigureHelp>How your investments did: each day&apos;s growth linked, with deposits and withdrawals taken out at the moment they moved.</FigureHelp>
            </div>
            <div>
              <dt>Money-weighted return (cumulative)</dt>
              {mw.meaningful ? (
                <>
                  <dd data-testid="mwr">{percent(mw.cumulative)}</dd>
                  {perYear(mw.annualised) && <dd data-testid="mwr-annualised">{perYear(mw.annualised)}</dd>}
                </>
              ) : (
                <dd data-testid="mwr">
                  Not meaningful <span className="figure-reason">{MONEY_WEIGHTED_REASONS[mw.reason]}</span>
                </dd>
              )}
              <FigureHelp>Your own rate of return: the one rate at which your deposits and withdrawals grow into what you have now.</FigureHelp>
            </div>
            <div>
              <dt>Volatility (annualised)</dt>
              <dd>{percent(performance.volatility)}</dd>
              <FigureHelp>How much the daily returns vary: their standard deviation, times √252 trading days.</FigureHelp>
            </div>
            <div>
              <dt>Largest fall</dt>
              <dd>{percent(performance.maxDrawdown)}</dd>
              <FigureHelp>The deepest fall from a high point of the time-weighted growth in this period.</FigureHelp>
            </div>
            <div>
              <dt>Benchmark: {performance.benchmark.name} (cumulative)</dt>
              <dd data-testid="benchmark-return">{percent(performance.benchmark.return)}</dd>
              {perYear(performance.benchmark.annualised) && <dd>{perYear(performance.benchmark.annualised)}</dd>}
              <FigureHelp>The benchmark&apos;s time-weighted return over the same days, with the income its funds pay where recorded.</FigureHelp>
            </div>
          </dl>
          <p>
            Value {formatMoney(first!.value)} on {first!.date}, {formatMoney(last!.value)} on {last!.date}.
          </p>
          <ValueChart series={chartSeries(performance.series)} locale={locale} />
          <p className="figure-legend">
            Your portfolio: its value each day. 60/40 benchmark: what the same deposits and withdrawals, on the same days, would be worth in the
            benchmark (60% stocks, 40% bonds). Net deposits: the value at the start plus what you paid in less what you took out.
          </p>
        </>
      )}
    </section>
  );
}
