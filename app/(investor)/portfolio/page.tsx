import type { Metadata } from "next";
import Link from "next/link";
import { PortfolioChoiceForm } from "@/components/investing/portfolio-choice-form";
import { Alert } from "@/components/ui/alert";
import { requirePageUser } from "@/lib/auth/guards";
import { portfolioChoices } from "@/lib/investing/portfolio-choice";
import { choosePortfolioAction } from "./actions";

export const metadata: Metadata = { title: "Choose your portfolio" };

/** Estimates as a percentage to a tenth (float64 statistics from the capital-market assumptions, not money). */
const pct = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

const STATUS_BADGE = {
  recommended: { text: "Recommended for you", className: "badge badge-ok" },
  lower: { text: "Less risk than recommended", className: "badge" },
  higher: { text: "More risk than recommended", className: "badge badge-warn" },
  "beyond-capacity": { text: "Not available to you", className: "badge" },
} as const;

export default async function PortfolioPage({ searchParams }: { searchParams: Promise<{ switched?: string }> }) {
  const user = await requirePageUser("/portfolio", ["INVESTOR"]);
  const [choices, { switched }] = await Promise.all([portfolioChoices(user), searchParams]);
  if (!choices) {
    return (
      <main className="narrow">
        <h1>Choose your portfolio</h1>
        <p className="lede">Answer the risk questionnaire first: it decides which portfolios fit you.</p>
        <p className="actions">
          <Link href="/onboarding" className="button">
            Take the questionnaire
          </Link>
        </p>
      </main>
    );
  }
  const ceiling = choices.rules.ceilingReasons.length && choices.rules.ceiling < 4 ? choices.rules.ceilingReasons.join(" and ") : null;
  return (
    <main>
      <h1>Choose your portfolio</h1>
      {switched && <Alert tone="success">Done: your account follows its new portfolio, and your next deposits are invested in it.</Alert>}
      {choices.openProposalId && (
        <Alert tone="info">
          A change of portfolio is waiting for you. <Link href={`/onboarding/change/${choices.openProposalId}`}>Review it</Link> before anything is traded.
        </Alert>
      )}
      <p className="lede">
        Your risk score is {choices.score} of 10. We recommend the portfolio marked below; you may pick a different one. Expected returns and
        volatility are long-run estimates from our capital-market assumptions, not promises: real years can be much better or much worse.
      </p>
      <div className="portfolio-options">
        {choices.options.map((option) => {
          const badge = STATUS_BADGE[option.status];
          return (
            <section key={option.model.id} className="card portfolio-option" aria-labelledby={`option-${option.model.slug}`} data-testid={`option-${option.model.slug}`}>
              <h2 id={`option-${option.model.slug}`}>{option.model.name}</h2>
              <p>
                <span className={badge.className}>{badge.text}</span>
                {option.current && <span className="badge"> Your portfolio now</span>}
              </p>
              <p>{option.model.description}</p>
              <dl className="figures">
                <div>
                  <dt>Expected return (estimate)</dt>
                  <dd>{pct(option.expectedReturn)} a year</dd>
                </div>
                <div>
                  <dt>Volatility (estimate)</dt>
                  <dd>{pct(option.volatility)}</dd>
                </div>
              </dl>
              <table>
                <caption>{option.model.name}: allocation by asset class</caption>
                <thead>
                  <tr>
                    <th scope="col">Asset class</th>
                    <th scope="col" className="number">
                      Weight
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {option.classes.map((c) => (
                    <tr key={c.assetClass}>
                      <td>{c.label}</td>
                      <td className="number">{pct(c.weight)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          );
        })}
      </div>
      <section className="card" aria-labelledby="choose-heading">
        <h2 id="choose-heading">Change your portfolio</h2>
        <p>
          If you hold investments, you see the trades and the estimated tax on the gains first, and confirm with your second factor; nothing is
          traded before that.
        </p>
        <PortfolioChoiceForm
          action={choosePortfolioAction}
          options={choices.options.map((o) => ({ slug: o.model.slug, name: o.model.name, status: o.status, current: o.current }))}
          ceilingReason={ceiling}
        />
      </section>
    </main>
  );
}
