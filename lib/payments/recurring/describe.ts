/** A schedule in one sentence (pure: the create form previews it as the investor types). */
import { formatMoney } from "../../money";
import { describeDate, describeRule, type ScheduleRule } from "./schedule";

/** "STRIPE TEST BANK ••••6789" */
export const bankLabel = (bank: { bankName: string; last4: string }) => `${bank.bankName} ••••${bank.last4}`;

/** "$200.00 every other Friday from STRIPE TEST BANK ••••6789, next on Friday, December 11, 2026." */
export function describeSchedule(
  schedule: ScheduleRule & { amount: bigint; currency: string; status?: string; nextPeriodDate: Date | null; bank: { bankName: string; last4: string } },
): string {
  const base = `${formatMoney(schedule.amount, schedule.currency)} ${describeRule(schedule)} from ${bankLabel(schedule.bank)}`;
  if (schedule.status === "CANCELLED") return `${base} (cancelled).`;
  if (!schedule.nextPeriodDate) return `${base} (paused).`;
  return `${base}, next on ${describeDate(schedule.nextPeriodDate)}.`;
}
