import { FigureHelp } from "@/components/investing/figure-help";
import { formatMoney } from "@/lib/money";
import { fixedRatio } from "@/lib/portfolio/returns";
import { signedPercent } from "@/lib/portfolio/summary";
import type { TodaysChange } from "@/lib/portfolio/todays-change";

export const signedMoney = (amount: bigint, currency: string) => (amount > 0n ? `+${formatMoney(amount, currency)}` : formatMoney(amount, currency));
const signedRatio = (ratio: number) => {
  const text = fixedRatio(ratio * 100, 2);
  return `${ratio > 0 && text !== "0.00" ? "+" : ""}${text}%`;
};
/** Green for a gain, red for a loss: always beside a sign and a word, never the colour alone. */
export const tone = (amount: bigint) => (amount > 0n ? "amount-gain" : amount < 0n ? "amount-loss" : undefined);

/**
 * Today's change (time-weighted, so money paid in today is not a gain) and the total gain (the balance less net
 * deposits), as entries of a `figures` list: on the investor's dashboard ("you") and an advisor's client page.
 */
export function ChangeFigures({
  today,
  balance,
  netContributions,
  currency,
  formatDay,
  audience = "investor",
}: {
  today: TodaysChange | null;
  balance: bigint;
  netContributions: bigint;
  currency: string;
  formatDay: (isoDay: string) => string;
  audience?: "investor" | "staff";
}) {
  const gain = balance - netContributions;
  const gainPercent = signedPercent(gain, netContributions);
  const who = audience === "investor" ? "you" : "the client";
  return (
    <>
      {today && (
        <div>
          <dt>{today.amount > 0n ? "Up today" : today.amount < 0n ? "Down today" : "Today's change"}</dt>
          <dd data-testid="todays-change" className={tone(today.amount)}>
            {signedMoney(today.amount, currency)} {today.ratio !== null && `(${signedRatio(today.ratio)})`}
          </dd>
          <FigureHelp>
            Since the close on {formatDay(today.since)}, leaving out money {who} paid in or took out since then.
          </FigureHelp>
        </div>
      )}
      {netContributions !== 0n && (
        <div>
          <dt>{gain < 0n ? "Total loss" : "Total gain"}</dt>
          <dd data-testid="total-gain" className={tone(gain)}>
            {signedMoney(gain, currency)} {gainPercent && `(${gainPercent})`}
          </dd>
          <FigureHelp>
            {audience === "investor" ? "Your" : "The client's"} earnings apart from deposits: the balance less everything {who} paid in, net of what{" "}
            {who} took out (a simple gain, not annualised); the percentage is of the net paid in.
          </FigureHelp>
        </div>
      )}
    </>
  );
}
