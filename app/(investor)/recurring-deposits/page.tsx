import type { Metadata } from "next";
import Link from "next/link";
import { RecurringDepositForm } from "@/components/recurring/recurring-form";
import { ScheduleButton } from "@/components/recurring/schedule-buttons";
import { IdentityGate } from "@/components/kyc/identity-gate";
import { Alert } from "@/components/ui/alert";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { requirePageUser } from "@/lib/auth/guards";
import { env } from "@/lib/env";
import { kycStatusOf } from "@/lib/kyc/profile";
import { formatMoney } from "@/lib/money";
import { listBankAccounts } from "@/lib/payments/bank-accounts";
import { describeSchedule } from "@/lib/payments/recurring/describe";
import { describeDate } from "@/lib/payments/recurring/schedule";
import { listRecurringDeposits, type RecurringDepositView } from "@/lib/payments/recurring/schedules";
import { cancelAction, changeRecurringDepositAction, createRecurringDepositAction, pauseAction, resumeAction, skipNextAction } from "./actions";
import { TableScroll } from "@/components/ui/table-scroll";

export const metadata: Metadata = { title: "Recurring deposits" };

const SCHEDULE_STATUS = { ACTIVE: "Active", PAUSED: "Paused", CANCELLED: "Cancelled" } as const;
const PERIOD_STATUS = {
  SKIPPED: "Skipped",
  DEBITING: "In progress",
  RETRY_SCHEDULED: "Failed once; we will try again in 3 days",
  SUCCEEDED: "Deposited",
  FAILED: "Failed twice; not deposited",
} as const;

export default async function RecurringDepositsPage() {
  const user = await requirePageUser("/recurring-deposits", ["INVESTOR"]);
  const identity = await kycStatusOf(user.id);
  if (identity !== "APPROVED") {
    return (
      <main className="narrow">
        <h1>Recurring deposits</h1>
        <IdentityGate status={identity} />
      </main>
    );
  }
  const [banks, schedules] = await Promise.all([listBankAccounts(user.id), listRecurringDeposits(user)]);
  const verified = banks.filter((bank) => bank.status === "VERIFIED");
  const scaled = env().RECURRING_DEPOSIT_DAY_SECONDS;
  return (
    <main className="narrow">
      <h1>Recurring deposits</h1>
      <p className="lede">Deposit from your bank every week, every two weeks or every month. Each deposit is invested when it arrives.</p>
      {scaled && (
        <Alert tone="info">
          Time-scaled for testing: a day lasts {scaled} second{scaled === 1 ? "" : "s"} for schedules set up now.
        </Alert>
      )}
      {scaled && schedules.some((schedule) => schedule.status === "ACTIVE") && <AutoRefresh ms={2000} times={120} />}
      <section aria-labelledby="new-schedule" className="stack card">
        <h2 id="new-schedule">Set up a recurring deposit</h2>
        {verified.length === 0 ? (
          <p>
            First <Link href="/bank-accounts">link a bank account</Link>.
          </p>
        ) : (
          <RecurringDepositForm action={createRecurringDepositAction} banks={verified} />
        )}
        <p className="muted">
          Deposits start at 10:00 New York time on their day, weekends and holidays included (your bank settles them on its next business
          day). A day past a month&apos;s end means its last day. A debit that fails is tried once more three days later.
        </p>
      </section>
      <section aria-labelledby="your-schedules" className="stack">
        <h2 id="your-schedules">Your recurring deposits</h2>
        {schedules.length === 0 ? <p>None yet.</p> : schedules.map((schedule) => <Schedule key={schedule.id} schedule={schedule} banks={verified} />)}
      </section>
      <p>
        <Link href="/bank-accounts">Bank accounts</Link> · <Link href="/activity">Activity</Link>
      </p>
    </main>
  );
}

function Schedule({ schedule, banks }: { schedule: RecurringDepositView; banks: { id: string; bankName: string; last4: string }[] }) {
  const name = describeSchedule(schedule);
  const headingId = `schedule-${schedule.id}`;
  return (
    <article className="card stack" aria-labelledby={headingId} data-schedule-id={schedule.id}>
      <h3 id={headingId}>{formatMoney(schedule.amount, schedule.currency)} {schedule.frequency === "MONTHLY" ? "monthly" : schedule.frequency === "WEEKLY" ? "weekly" : "every two weeks"}</h3>
      <p>
        <span className={`status status-${schedule.status === "ACTIVE" ? "succeeded" : schedule.status === "CANCELLED" ? "failed" : "pending"}`}>
          {SCHEDULE_STATUS[schedule.status]}
        </span>{" "}
        {name}
      </p>
      {schedule.status !== "CANCELLED" && (
        <div className="actions">
          {schedule.status === "ACTIVE" && <ScheduleButton action={skipNextAction} scheduleId={schedule.id} label="Skip next" name={name} />}
          {schedule.status === "ACTIVE" && <ScheduleButton action={pauseAction} scheduleId={schedule.id} label="Pause" name={name} />}
          {schedule.status === "PAUSED" && <ScheduleButton action={resumeAction} scheduleId={schedule.id} label="Resume" name={name} />}
          <ScheduleButton action={cancelAction} scheduleId={schedule.id} label="Cancel" name={name} danger />
        </div>
      )}
      {schedule.status !== "CANCELLED" && banks.length > 0 && (
        <details>
          <summary>Change this recurring deposit</summary>
          <RecurringDepositForm
            action={changeRecurringDepositAction}
            banks={banks}
            defaults={{
              scheduleId: schedule.id,
              bankAccountId: banks.some((bank) => bank.id === schedule.bank.id) ? schedule.bank.id : banks[0]!.id,
              amount: `${schedule.amount / 100n}.${(schedule.amount % 100n).toString().padStart(2, "0")}`,
              frequency: schedule.frequency,
              weekday: schedule.weekday,
              dayOfMonth: schedule.dayOfMonth,
            }}
          />
        </details>
      )}
      {schedule.periods.length > 0 && (
        <TableScroll label="Recurring deposits">
          <table>
            <caption>Deposits from this schedule, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {schedule.periods.map((period) => (
                <tr key={period.periodDate.toISOString()}>
                  <td>{describeDate(period.periodDate)}</td>
                  <td>
                    <span className={`status status-${period.status === "SUCCEEDED" ? "succeeded" : period.status === "SKIPPED" ? "pending" : period.status === "DEBITING" ? "pending" : "failed"}`}>
                      {PERIOD_STATUS[period.status]}
                    </span>
                    {period.failureMessage && period.status !== "SUCCEEDED" && <span className="status-detail"> {period.failureMessage}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </article>
  );
}
