import Link from "next/link";
import type { ViewerFormat } from "@/lib/format/viewer";
import { formatMoney } from "@/lib/money";
import { ON_TRACK_PROBABILITY, type GoalProjectionView } from "@/lib/planning/goal-projection";
import { GOAL_KIND_LABELS, type GoalView } from "@/lib/planning/goals";
import { GoalFanChart } from "./goal-fan-chart";

const percent = (probability: number) => `${Math.round(probability * 100)}%`;
/** Whole-dollar estimates (numbers from the simulation) as money text. */
const estimate = (dollars: number) => formatMoney(BigInt(dollars) * 100n).replace(/\.00$/, "");
const wholeDollars = (cents: bigint) => formatMoney(cents).replace(/\.00$/, "");

/** The one-line verdict and what would change it, in words (the investor's page and their advisor's). */
export function GoalStatusLines({ goal, projection, format, forAdvisor = false }: { goal: GoalView; projection: GoalProjectionView; format: ViewerFormat; forAdvisor?: boolean }) {
  const { status } = projection;
  if (status.kind === "ON_TRACK") {
    return (
      <p className="goal-status" data-testid="goal-status">
        <span className="badge badge-ok">On track</span> An estimated {percent(projection.probability)} chance of reaching {wholeDollars(goal.targetAmount)} by{" "}
        {format.day(goal.targetDate)}.
      </p>
    );
  }
  return (
    <div className="stack" data-testid="goal-status">
      <p className="goal-status">
        <span className="badge badge-warn">Not on track</span> An estimated {percent(projection.probability)} chance of reaching {wholeDollars(goal.targetAmount)} by{" "}
        {format.day(goal.targetDate)}; on track means at least {percent(ON_TRACK_PROBABILITY)}.
      </p>
      <ul className="goal-advice">
        <li>
          Save {wholeDollars(status.extraMonthly)} more a month ({wholeDollars(goal.monthlyContribution + status.extraMonthly)} in all) to be on track.
        </li>
        <li>
          {status.laterDate
            ? `Move the date to ${format.day(status.laterDate)} to be on track saving as now.`
            : "Moving the date up to 20 years later would not be enough, saving as now."}
        </li>
        {status.riskier && (
          <li>
            A {status.riskier.name.toLowerCase()} portfolio would give an estimated {percent(status.riskier.probability)} chance: {forAdvisor ? "the client's" : "your"} answers about
            when the money is needed allow it.{" "}
            {!forAdvisor && <Link href="/onboarding">Review your risk level</Link>}
          </li>
        )}
      </ul>
    </div>
  );
}

/** A goal with its projection: figures, verdict and fan chart. */
export function GoalCard({ goal, projection, format, forAdvisor = false }: { goal: GoalView; projection: GoalProjectionView; format: ViewerFormat; forAdvisor?: boolean }) {
  const headingId = `goal-${goal.id}-heading`;
  const atTarget = projection.bands.at(-1)!;
  const startYear = Number(new Intl.DateTimeFormat("en-US", { year: "numeric", timeZone: format.timeZone }).format(new Date()));
  return (
    <article className="card stack goal-card" id={`goal-${goal.id}`} aria-labelledby={headingId} data-goal-id={goal.id}>
      <h3 id={headingId}>{goal.name}</h3>
      <p className="muted">{GOAL_KIND_LABELS[goal.kind]}</p>
      <dl className="figures">
        <div>
          <dt>Target</dt>
          <dd className="number">{wholeDollars(goal.targetAmount)}</dd>
        </div>
        <div>
          <dt>By</dt>
          <dd>{format.day(goal.targetDate)}</dd>
        </div>
        <div>
          <dt>Monthly contribution</dt>
          <dd className="number">{formatMoney(goal.monthlyContribution)}</dd>
        </div>
        <div>
          <dt>Chance of reaching it</dt>
          <dd className="number" data-testid="goal-probability">
            {percent(projection.probability)}
          </dd>
        </div>
        <div>
          <dt>Counted from the account today</dt>
          <dd className="number">
            {formatMoney(projection.startingValue)} ({goal.accountSharePercent}%)
          </dd>
        </div>
      </dl>
      <GoalStatusLines goal={goal} projection={projection} format={format} forAdvisor={forAdvisor} />
      <GoalFanChart
        points={projection.bands}
        target={Number(goal.targetAmount / 100n)}
        startYear={startYear}
        label={`Projection for ${goal.name}: by ${format.day(goal.targetDate)} the median estimate is ${estimate(atTarget.p50)}; one path in ten ends below ${estimate(atTarget.p10)} and one in ten above ${estimate(atTarget.p90)}.`}
      />
      <p className="muted">
        Estimates from 10,000 simulated paths on the {projection.basis.modelName} model{projection.basis.modelAssumed ? " (assumed until you choose a risk level)" : ""}: by{" "}
        {format.day(goal.targetDate)} the median is {estimate(atTarget.p50)}, one path in ten ends below {estimate(atTarget.p10)} and one in ten above {estimate(atTarget.p90)}. Before
        taxes and inflation, after the advisory fee; not a promise.
      </p>
    </article>
  );
}
