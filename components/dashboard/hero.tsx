import type { ReactNode } from "react";
import { ChangeFigures } from "@/components/investing/change-figures";
import { formatMoney } from "@/lib/money";
import type { TodaysChange } from "@/lib/portfolio/todays-change";

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
  return (
    <section aria-labelledby="balance-heading" className="card hero">
      <h2 id="balance-heading">Your balance</h2>
      <p className="figure-primary" data-testid="total-value">
        {money(figures.balance)}
      </p>
      <dl className="figures hero-changes">
        <ChangeFigures
          today={figures.today}
          balance={figures.balance}
          netContributions={figures.netContributions}
          currency={figures.currency}
          formatDay={formatDay}
        />
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
