import type { ReactNode } from "react";
import { FigureHelp } from "@/components/investing/figure-help";
import { formatMoney } from "@/lib/money";
import { fixedRatio } from "@/lib/portfolio/returns";
import { signedPercent } from "@/lib/portfolio/summary";
import type { TodaysChange } from "@/lib/portfolio/todays-change";

const signedMoney = (amount: bigint, currency: string) => (amount > 0n ? `+${formatMoney(amount, currency)}` : formatMoney(amount, currency));
const signedRatio = (ratio: number) => {
  const text = fixedRatio(ratio * 100, 2);
  return `${ratio > 0 && text !== "0.00" ? "+" : ""}${text}%`;
};
/** Green for a gain, red for a loss: always beside a sign and a word, never the colour alone. */
const tone = (amount: bigint) => (amount > 0n ? "amount-gain" : amount < 0n ? "amount-loss" : undefined);

export interface HeroFigures {
  currency: string;
  /** account-value.ts: holdings at the latest prices plus cash, less anything owed. Cents. */
  balance: bigint;
  today: TodaysChange | null;
  /** Deposits less refunds, disputes and withdrawals over the account's life. Cents. */
  netContributions: bigint;
  invested: bigint;
  cash: bigint;
  /** Bank transfers paid but not yet settled. */
  pending: bigint;
  /** Cash set aside for orders in flight. */
  beingInvested: bigint;
  owed: bigint;
}

/** The balance as the page's one big number, today's change and the total gain under it, then the smaller figures. */
export function Hero({ figures, formatDay, children }: { figures: HeroFigures; formatDay: (isoDay: string) => string; children?: ReactNode }) {
  const money = (amount: bigint) => formatMoney(amount, figures.currency);
  const gain = figures.balance - figures.netContributions;
  const gainPercent = signedPercent(gain, figures.netContributions);
  const today = figures.today;
  return (
    <section aria-labelledby="balance-heading" className="card hero">
      <h2 id="balance-heading">Your balance</h2>
      <p className="figure-primary" data-testid="total-value">
        {money(figures.balance)}
      </p>
      <dl className="figures hero-changes">
        {today && (
          <div>
            <dt>{today.amount > 0n ? "Up today" : today.amount < 0n ? "Down today" : "Today's change"}</dt>
            <dd data-testid="todays-change" className={tone(today.amount)}>
              {signedMoney(today.amount, figures.currency)} {today.ratio !== null && `(${signedRatio(today.ratio)})`}
            </dd>
            <FigureHelp>
              Since the close on {formatDay(today.since)}, leaving out money you paid in or took out since then.
            </FigureHelp>
          </div>
        )}
        {figures.netContributions !== 0n && (
          <div>
            <dt>{gain < 0n ? "Total loss" : "Total gain"}</dt>
            <dd data-testid="total-gain" className={tone(gain)}>
              {signedMoney(gain, figures.currency)} {gainPercent && `(${gainPercent})`}
            </dd>
            <FigureHelp>
              Your earnings apart from deposits: the balance less everything you paid in, net of what you took out (a simple gain, not annualised);
              the percentage is of the net paid in.
            </FigureHelp>
          </div>
        )}
      </dl>
      <dl className="figures figures-secondary">
        <div>
          <dt>Invested</dt>
          <dd data-testid="invested-value">{money(figures.invested)}</dd>
        </div>
        <div>
          <dt>Available cash</dt>
          <dd data-testid="available-cash">{money(figures.cash)}</dd>
        </div>
        {figures.pending > 0n && (
          <div>
            <dt>Deposits on the way</dt>
            <dd>{money(figures.pending)}</dd>
          </div>
        )}
        {figures.beingInvested > 0n && (
          <div>
            <dt>Being invested</dt>
            <dd>{money(figures.beingInvested)}</dd>
          </div>
        )}
        {figures.owed > 0n && (
          <div>
            <dt>You owe</dt>
            <dd>{money(figures.owed)}</dd>
          </div>
        )}
      </dl>
      {children}
    </section>
  );
}
