"use client";

import { useState } from "react";
import { StepUpPrompt } from "@/components/security/step-up-prompt";
import { useStepUpAction } from "@/components/security/use-step-up-action";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import type { FormState } from "@/lib/http/form-state";
import { parseMoney } from "@/lib/money";
import { describeSchedule } from "@/lib/payments/recurring/describe";
import { firstPeriod, LAST_DAY, type Frequency } from "@/lib/payments/recurring/schedule";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

export interface BankChoice {
  id: string;
  bankName: string;
  last4: string;
}

export interface ScheduleDefaults {
  scheduleId: string;
  bankAccountId: string;
  amount: string;
  frequency: Frequency;
  weekday: number | null;
  dayOfMonth: number | null;
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const FREQUENCIES: { value: Frequency; label: string }[] = [
  { value: "WEEKLY", label: "Every week" },
  { value: "BIWEEKLY", label: "Every two weeks" },
  { value: "MONTHLY", label: "Every month" },
];

/**
 * Sets up (or, with `defaults`, changes) a recurring deposit. The sentence under the fields says what it will do
 * and when it starts, as the investor chooses; the server asks for the second factor again before saving.
 */
export function RecurringDepositForm({ action, banks, defaults }: { action: Action; banks: BankChoice[]; defaults?: ScheduleDefaults }) {
  const { state, submit, pending, retry } = useStepUpAction(action);
  const [bankId, setBankId] = useState(defaults?.bankAccountId ?? banks[0]?.id ?? "");
  const [amount, setAmount] = useState(defaults?.amount ?? "");
  const [frequency, setFrequency] = useState<Frequency>(defaults?.frequency ?? "MONTHLY");
  const [weekday, setWeekday] = useState(String(defaults?.weekday ?? 5));
  const [dayOfMonth, setDayOfMonth] = useState(String(defaults?.dayOfMonth ?? 1));
  const fields = state.status === "error" ? state.fields : {};
  const prefix = defaults ? `change-${defaults.scheduleId}-` : "new-";

  const bank = banks.find((choice) => choice.id === bankId);
  const cents = parseMoney(amount);
  const rule = frequency === "MONTHLY" ? { frequency, dayOfMonth: Number(dayOfMonth) } : { frequency, weekday: Number(weekday) };
  const preview = bank && cents !== null && cents > 0n ? describeSchedule({ ...rule, amount: cents, currency: "USD", nextPeriodDate: firstPeriod(rule, new Date()), bank }) : null;

  return (
    <>
      <form action={submit} className="stack">
        {state.status === "success" && <Alert tone="success">{state.message}</Alert>}
        {state.status === "error" && !state.stepUp && Object.keys(fields).length === 0 && <Alert>{state.message}</Alert>}
        {defaults && <input type="hidden" name="scheduleId" value={defaults.scheduleId} />}
        <div className="field">
          <label htmlFor={`${prefix}bank`}>From bank account</label>
          <select id={`${prefix}bank`} name="bankAccountId" value={bankId} onChange={(event) => setBankId(event.target.value)} aria-invalid={fields.bankAccountId ? true : undefined}>
            {banks.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.bankName} ••••{choice.last4}
              </option>
            ))}
          </select>
          {fields.bankAccountId && <p className="field-error">{fields.bankAccountId}</p>}
        </div>
        <Field
          id={`${prefix}amount`}
          name="amount"
          label="Amount each time (USD)"
          inputMode="decimal"
          autoComplete="off"
          placeholder="200.00"
          hint="Between $10 and $100,000."
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          required
          error={fields.amount}
        />
        <div className="field">
          <label htmlFor={`${prefix}frequency`}>How often</label>
          <select id={`${prefix}frequency`} name="frequency" value={frequency} onChange={(event) => setFrequency(event.target.value as Frequency)}>
            {FREQUENCIES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        {frequency === "MONTHLY" ? (
          <div className="field">
            <label htmlFor={`${prefix}day`}>Day of the month</label>
            <select id={`${prefix}day`} name="dayOfMonth" value={dayOfMonth} onChange={(event) => setDayOfMonth(event.target.value)}>
              {Array.from({ length: 28 }, (_, index) => (
                <option key={index + 1} value={index + 1}>
                  {index + 1}
                </option>
              ))}
              <option value={LAST_DAY}>Last day of the month</option>
            </select>
            {fields.dayOfMonth && <p className="field-error">{fields.dayOfMonth}</p>}
          </div>
        ) : (
          <div className="field">
            <label htmlFor={`${prefix}weekday`}>Day of the week</label>
            <select id={`${prefix}weekday`} name="weekday" value={weekday} onChange={(event) => setWeekday(event.target.value)}>
              {WEEKDAYS.map((day, index) => (
                <option key={day} value={index + 1}>
                  {day}
                </option>
              ))}
            </select>
            {fields.weekday && <p className="field-error">{fields.weekday}</p>}
          </div>
        )}
        <p aria-live="polite" data-testid={`${prefix}preview`}>
          {preview ?? "Choose a bank and an amount to see when your deposits will be made."}
        </p>
        <button type="submit" className="button" disabled={pending || banks.length === 0}>
          {pending ? "Saving…" : defaults ? "Save changes" : "Set up recurring deposit"}
        </button>
      </form>
      <StepUpPrompt state={state} onConfirmed={retry} />
    </>
  );
}
