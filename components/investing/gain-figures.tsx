import { formatMoney } from "@/lib/money";
import { FigureHelp } from "@/components/investing/figure-help";
import { fixedRatio } from "@/lib/portfolio/returns";
import { signedPercent, type GainSummary } from "@/lib/portfolio/summary";
import { currentUser } from "@/lib/auth/guards";
import { viewerFormatFor, type ViewerFormat } from "@/lib/format/viewer";

const signedRatio = (ratio: number) => `${ratio > 0 ? "+" : ""}${fixedRatio(ratio * 100, 2)}%`;
const signed = (amount: bigint, currency: string) => (amount > 0n ? `+${formatMoney(amount, currency)}` : formatMoney(amount, currency));

function dayLabel(date: string, today: string, format: ViewerFormat): string {
  if (date === today) return "Today's change";
  return `Change on ${format.day(date)}`;
}

/** The last day's change and the total gain, as two entries of a figures list. */
export async function GainFigures({ summary, netWorth, currency }: { summary: GainSummary; netWorth: bigint; currency: string }) {
  const gain = netWorth - summary.netContributions;
  const today = new Date().toISOString().slice(0, 10);
  const format = await viewerFormatFor(await currentUser());
  return (
    <>
      {summary.dayChange && (
        <div>
          <dt>{dayLabel(summary.dayChange.date, today, format)}</dt>
          <dd data-testid="day-change">
            {signed(summary.dayChange.amount, currency)} {summary.dayChange.return !== null && `(${signedRatio(summary.dayChange.return)})`}
          </dd>
          <FigureHelp>The change in value since the previous valuation, less money you paid in or took out; the percentage is the day&apos;s return.</FigureHelp>
        </div>
      )}
      {summary.netContributions !== 0n && (
        <div>
          <dt>Total gain</dt>
          <dd data-testid="total-gain">
            {signed(gain, currency)} {signedPercent(gain, summary.netContributions) && `(${signedPercent(gain, summary.netContributions)})`}
          </dd>
          <FigureHelp>Total value less everything you paid in, net of what you took out; the percentage is of the net paid in, while that is more than zero.</FigureHelp>
        </div>
      )}
    </>
  );
}
