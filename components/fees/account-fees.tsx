import { formatMoney } from "@/lib/money";
import { monthLabel } from "@/lib/fees/accrual";
import type { feesOf } from "@/lib/fees/views";
import { FeeTiersTable } from "./pricing";

type Fees = Awaited<ReturnType<typeof feesOf>>;

const STATUS: Record<string, string> = {
  NOTHING_DUE: "Nothing due",
  BILLED: "Due: selling to cover it",
  PARTIALLY_COLLECTED: "Partly paid: selling to cover the rest",
  COLLECTED: "Paid",
};

const SOURCE = { client: "set for you", advisor: "your advisor's", default: "the standard schedule" } as const;

/** An account's fees, for its investor (settings) and its advisor (the client page). */
export function AccountFees({ fees, whose }: { fees: Fees; whose: "your" | "the client's" }) {
  return (
    <>
      <dl className="figures">
        <div>
          <dt>{whose === "your" ? "Your rate" : "Rate"}</dt>
          <dd data-testid="fee-rate">{fees.rate} a year</dd>
        </div>
        <div>
          <dt>Fees this year</dt>
          <dd data-testid="fees-this-year">{formatMoney(fees.thisYear)}</dd>
        </div>
        <div>
          <dt>Accrued this month</dt>
          <dd data-testid="fees-accrued">{formatMoney(fees.accruedThisMonth)}</dd>
        </div>
      </dl>
      <p>
        Schedule: {fees.schedule.name} ({SOURCE[fees.schedule.source]}); {whose} balance is in band {fees.tier + 1} of {fees.schedule.tiers.length}.
      </p>
      {fees.schedule.tiers.length > 1 && <FeeTiersTable tiers={fees.schedule.tiers} caption="Bands" />}
      {fees.waivers.map((waiver) => (
        <p key={`${waiver.from}-${waiver.to}`} data-testid="fee-waiver">
          {waiver.share} of the fee is waived from {waiver.from} to {waiver.to} ({waiver.reason}).
        </p>
      ))}
      {fees.bills.length > 0 ? (
        <table className="stacked-table">
          <caption>Monthly fees</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Fee</th>
              <th scope="col">Paid</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {fees.bills.map((bill) => (
              <tr key={bill.month} data-testid={`fee-bill-${bill.month}`}>
                <td data-label="Month">{monthLabel(bill.month)}</td>
                <td data-label="Fee">{formatMoney(bill.amount)}</td>
                <td data-label="Paid">{formatMoney(bill.collected)}</td>
                <td data-label="Status">{bill.status === "NOTHING_DUE" ? "Nothing due (no value that month)" : STATUS[bill.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No fee has been billed yet: the first bill comes on the 1st of next month.</p>
      )}
    </>
  );
}
