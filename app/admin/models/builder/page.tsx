import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { BacktestChart, FrontierChart } from "@/components/models/frontier-chart";
import { Alert } from "@/components/ui/alert";
import { requirePageUser } from "@/lib/auth/guards";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { Forbidden } from "@/lib/errors";
import { listModels } from "@/lib/investing/models";
import { modelBuilder, percentWeights, WINDOWS, type BuilderQuery } from "@/lib/portfolio/mpt/builder";
import { TableScroll } from "@/components/ui/table-scroll";

export const metadata: Metadata = { title: "Model builder" };

/** Estimates as percentages to a tenth (float64 statistics, never money). */
const pct = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;
const signed = (fraction: number) => `${fraction >= 0 ? "+" : "−"}${Math.abs(fraction * 100).toFixed(1)}%`;
const round2 = (fraction: number) => Math.round(fraction * 10_000) / 100;
const WINDOW_LABELS: Record<(typeof WINDOWS)[number], string> = { "1": "Last year", "3": "Last 3 years", "5": "Last 5 years", "10": "Last 10 years", all: "All common history" };

function href(query: BuilderQuery, pick: BuilderQuery["pick"]): string {
  const params = new URLSearchParams({ assets: query.symbols.join(","), window: query.window, maxWeight: String(query.maxWeight), pick: String(pick) });
  return `/admin/models/builder?${params}`;
}

export default async function ModelBuilderPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageUser("/admin/models/builder", STAFF_ROLES);
  const input = await searchParams;
  const [view, models] = await Promise.all([
    modelBuilder(actor, input).catch((error: unknown) => {
      if (error instanceof Forbidden) forbidden();
      throw error;
    }),
    listModels(),
  ]);
  const query = view.query;
  const chosen = new Set(query?.symbols ?? view.assets.filter((a) => a.tradable).map((a) => a.symbol));
  return (
    <main>
      <p>
        <Link href="/admin/models">All models</Link>
      </p>
      <h1>Model builder</h1>
      <p className="lede">
        The efficient frontier of the chosen funds from their real daily history, with each published model on the same axes. Every figure here
        is an estimate from past prices and the capital-market assumptions, not a promise.
      </p>
      <form method="get" className="card stack" aria-labelledby="inputs-heading">
        <h2 id="inputs-heading">Inputs</h2>
        <fieldset>
          <legend>Funds</legend>
          <div className="builder-assets">
            {view.assets.map((asset) => (
              <label key={asset.symbol} className="builder-asset">
                <input type="checkbox" name="assets" value={asset.symbol} defaultChecked={chosen.has(asset.symbol)} /> {asset.symbol}{" "}
                <span className="muted">({asset.bars} days)</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="columns">
          <label className="field">
            <span>Window</span>
            <select name="window" defaultValue={query?.window ?? "5"}>
              {WINDOWS.map((w) => (
                <option key={w} value={w}>
                  {WINDOW_LABELS[w]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Maximum weight per fund (%)</span>
            <input name="maxWeight" inputMode="decimal" defaultValue={query?.maxWeight ?? 100} />
          </label>
        </div>
        <div className="actions">
          <button className="button" type="submit">
            Show the frontier
          </button>
        </div>
      </form>
      {view.status === "unavailable" ? (
        <Alert tone="error">{view.message}</Alert>
      ) : (
        <Results view={view} models={models.map((m) => ({ id: m.id, name: m.name }))} />
      )}
    </main>
  );
}

function Results({ view, models }: { view: Extract<Awaited<ReturnType<typeof modelBuilder>>, { status: "ok" }>; models: { id: string; name: string }[] }) {
  const { query, result } = view;
  const { estimates, frontier, maxSharpe, picked } = result;
  const pickedWeights = percentWeights(picked.weights);
  const weightsParam = Object.entries(pickedWeights)
    .map(([symbol, percent]) => `${symbol}:${percent}`)
    .join(",");
  const point = (name: string, p: { expectedReturn: number; volatility: number }) => ({ name, expectedReturn: round2(p.expectedReturn), volatility: round2(p.volatility) });
  return (
    <>
      <section className="card" aria-labelledby="frontier-heading">
        <h2 id="frontier-heading">Efficient frontier (estimates)</h2>
        <p className="muted">
          {estimates.observations} daily returns from {estimates.start} to {estimates.end} ({estimates.years.toFixed(1)} years, common to the chosen funds
          and the models’ funds). Covariance shrunk toward constant correlation by {pct(estimates.intensity)} (Ledoit–Wolf); expected returns are{" "}
          {pct(estimates.sampleWeight)} the historical mean and {pct(1 - estimates.sampleWeight)} the capital-market assumptions. Risk-free rate{" "}
          {pct(result.riskFree)}. Long-only, fully invested{query.maxWeight < 100 ? `, at most ${query.maxWeight}% per fund` : ""}.{" "}
          {result.cached ? "From the cache." : `Computed in ${result.computeMs} ms.`}
        </p>
        <FrontierChart
          frontier={frontier.map((p, k) => point(`Frontier portfolio ${k + 1}`, p))}
          models={result.models.map((m) => point(m.name, m))}
          sharpe={point("Maximum Sharpe", maxSharpe)}
          picked={point("Chosen portfolio", picked)}
        />
        <TableScroll label="Frontier portfolios">
          <table className="stacked-table">
            <caption>Published models on the same axes</caption>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col" className="number">Expected return</th>
                <th scope="col" className="number">Volatility</th>
                <th scope="col" className="number">Extra volatility vs. frontier</th>
                <th scope="col" className="number">Return below frontier</th>
              </tr>
            </thead>
            <tbody>
              {result.models.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.name} (v{m.version})</th>
                  <td className="number" data-label="Expected return">{pct(m.expectedReturn)}</td>
                  <td className="number" data-label="Volatility">{pct(m.volatility)}</td>
                  <td className="number" data-label="Extra volatility vs. frontier">{signed(m.excessVolatility)}</td>
                  <td className="number" data-label="Return below frontier">{m.returnShortfall === null ? "outside the frontier’s range" : signed(m.returnShortfall)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section className="card" aria-labelledby="points-heading">
        <h2 id="points-heading">Frontier portfolios</h2>
        <TableScroll label="Backtest">
          <table className="stacked-table">
            <caption>From the lowest volatility to the highest expected return; choose one to backtest it</caption>
            <thead>
              <tr>
                <th scope="col">Portfolio</th>
                <th scope="col" className="number">Expected return</th>
                <th scope="col" className="number">Volatility</th>
                <th scope="col" className="number">Sharpe</th>
                <th scope="col">Weights</th>
              </tr>
            </thead>
            <tbody>
              {[...frontier.map((p, k) => ({ p, pick: k as BuilderQuery["pick"], label: `Frontier portfolio ${k + 1}` })), { p: maxSharpe, pick: "sharpe" as const, label: "Maximum Sharpe" }].map(({ p, pick, label }) => (
                <tr key={String(pick)} aria-current={query.pick === pick ? "true" : undefined}>
                  <th scope="row">
                    <Link href={href(query, pick)}>{label}</Link>
                    {query.pick === pick && <span className="badge"> chosen</span>}
                  </th>
                  <td className="number" data-label="Expected return">{pct(p.expectedReturn)}</td>
                  <td className="number" data-label="Volatility">{pct(p.volatility)}</td>
                  <td className="number" data-label="Sharpe">{p.sharpe.toFixed(2)}</td>
                  <td data-label="Weights">
                    {Object.entries(percentWeights(Object.fromEntries(query.symbols.map((s, i) => [s, p.weights[i]!]))))
                      .map(([s, w]) => `${s} ${w}%`)
                      .join(", ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section className="card" aria-labelledby="picked-heading">
        <h2 id="picked-heading">Chosen portfolio: {query.pick === "sharpe" ? "maximum Sharpe" : `frontier portfolio ${query.pick + 1}`}</h2>
        <p>
          Weights:{" "}
          {Object.entries(pickedWeights)
            .map(([s, w]) => `${s} ${w}%`)
            .join(", ")}
          . Expected return {pct(picked.expectedReturn)} a year, volatility {pct(picked.volatility)} (estimates).
        </p>
        {picked.backtest ? (
          <>
            <h3>Backtest, rebalanced daily (past results, not a forecast)</h3>
            <BacktestChart dates={picked.backtest.dates} index={picked.backtest.index} />
            <dl className="figures" aria-label="Backtest figures">
              <div>
                <dt>Annualised return</dt>
                <dd>{signed(picked.backtest.annualisedReturn)}</dd>
              </div>
              <div>
                <dt>Volatility</dt>
                <dd>{pct(picked.backtest.volatility)}</dd>
              </div>
              <div>
                <dt>Largest fall (max drawdown)</dt>
                <dd>{pct(picked.backtest.maxDrawdown)}</dd>
              </div>
              <div>
                <dt>Worst calendar year</dt>
                <dd>{picked.backtest.worstYear ? `${picked.backtest.worstYear.year}: ${signed(picked.backtest.worstYear.return)}` : "no complete year in the window"}</dd>
              </div>
            </dl>
          </>
        ) : (
          <p>No backtest: a fund has no close on the first day of the window.</p>
        )}
        <h3>Use as a new version of a model</h3>
        <p className="muted">Opens the model’s editor with these weights filled in; publishing still goes through its preview and versioning.</p>
        <ul className="actions builder-use">
          {models.map((m) => (
            <li key={m.id}>
              <Link className="button button-quiet" href={`/admin/models/${m.id}?weights=${encodeURIComponent(weightsParam)}`}>
                Use as new version of {m.name}
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
