/** Recurring deposits and bank accounts as the JSON API answers them (amounts as decimal strings, dates as ISO dates). */
import { toDecimalString } from "../../money";
import type { BankAccountView } from "../bank-accounts";
import { describeSchedule } from "./describe";
import { isoDate } from "./schedule";
import type { RecurringDepositView } from "./schedules";

export function bankAccountJson(bank: BankAccountView) {
  return { id: bank.id, bankName: bank.bankName, last4: bank.last4, accountType: bank.accountType, status: bank.status, testMode: bank.testMode, linkedAt: bank.createdAt, verifiedAt: bank.verifiedAt };
}

export function recurringDepositJson(schedule: RecurringDepositView) {
  return {
    id: schedule.id,
    amount: toDecimalString(schedule.amount, schedule.currency),
    currency: schedule.currency,
    frequency: schedule.frequency,
    weekday: schedule.weekday,
    dayOfMonth: schedule.dayOfMonth,
    status: schedule.status,
    nextDepositOn: schedule.nextPeriodDate ? isoDate(schedule.nextPeriodDate) : null,
    description: describeSchedule(schedule),
    bankAccount: { id: schedule.bank.id, bankName: schedule.bank.bankName, last4: schedule.bank.last4 },
    createdAt: schedule.createdAt,
    periods: schedule.periods.map((period) => ({
      date: isoDate(period.periodDate),
      status: period.status,
      attempts: period.attempts,
      failureMessage: period.failureMessage,
      deposits: period.deposits.map((deposit) => ({ id: deposit.id, attempt: deposit.recurringAttempt, status: deposit.status, failureMessage: deposit.failureMessage })),
    })),
  };
}
