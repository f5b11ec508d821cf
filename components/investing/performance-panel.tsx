import Link from "next/link";
import { ValueChart, type ValueSeries } from "@/components/charts/value-chart";
import { formatMoney } from "@/lib/money";
import { RANGES, thinned, type Performance } from "@/lib/portfolio/performance";
import { fixedRatio } from "@/lib/portfolio/returns";

/** At most 320 days of the series, as columns of numbers (integer cents are exact as numbers). */
function chartSeries(series: Performance["series"]): ValueSeries {
  const points = thinned(series);
  const benchmark = points.every((point) => point.benchmark !== null) ? points.map((point) => Number(point.benchmark)) : null;
  return { dates: points.map((point) => point.date), cents: points.map((point) => Number(point.value)), benchmark };
}

const percent = (ratio: number | null) => (ratio === null ? "—" : `${fixedRatio(ratio * 100, 2)}%`);

/** `basePath` is the page the range links go to (the investor's dashboard, or an advisor's client page). */
export function PerformancePanel({ performance, basePath = "/dashboard" }: { performance: Performance; basePath?: string }) {
  const first = performance.series[0];
  const last = performance.series.at(-1);
  return (
    <section aria-labelledby="performance-heading" className="card">
      <h2 id="performance-heading">Performance</h2>
      <nav aria-label="Performance range" className="ranges">
        {RANGES.map((range) => (
          <Link key={range} href={`${basePath}?range=${range}`} aria-current={range === performance.range ? "true" : undefined}>
            {range === "ALL" ? "All" : range}
          </Link>
        ))}
      </nav>
      {performance.series.length < 2 ? (
        <p>Performance appears after your first full day invested.</p>
      ) : (
        <>
          <dl className="figures">
            <div>
              <dt>Time-weighted return</dt>
              <dd data-testid="twr">{percent(performance.timeWeighted)}</dd>
            </div>
            <div>
              <dt>Money-weighted return</dt>
              <dd>{percent(performance.moneyWeighted)}</dd>
            </div>
            <div>
              <dt>Volatility (annualised)</dt>
              <dd>{percent(performance.volatility)}</dd>
            </div>
            <div>
              <dt>Largest fall</dt>
              <dd>{percent(performance.maxDrawdown)}</dd>
            </div>
            <div>
              <dt>Benchmark: {performance.benchmark.name}</dt>
              <dd data-testid="benchmark-return">{percent(performance.benchmark.return)}</dd>
            </div>
          </dl>
          <p>
            Value {formatMoney(first!.value)} on {first!.date}, {formatMoney(last!.value)} on {last!.date}.
          </p>
          <ValueChart series={chartSeries(performance.series)} />
        </>
      )}
    </section>
  );
}
