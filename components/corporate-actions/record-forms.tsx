"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;
type Kind = "SPLIT" | "CASH_DIVIDEND" | "SYMBOL_CHANGE";

const TITLES: Record<Kind, string> = {
  SPLIT: "Record a split or reverse split",
  CASH_DIVIDEND: "Record a cash dividend",
  SYMBOL_CHANGE: "Record a symbol change",
};

/** One kind of corporate action: labelled fields, errors next to them, what was typed kept when refused. */
export function RecordActionForm({ kind, action }: { kind: Kind; action: Action }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const error = (name: string) => (state.status === "error" ? state.fields[name] : undefined);
  const value = (name: string) => (state.status === "error" ? state.values?.[name] : undefined);
  const id = (name: string) => `${kind.toLowerCase()}-${name}`;
  const field = (name: string, label: string, props: { hint?: string; type?: string; inputMode?: "numeric" | "decimal" } = {}) => (
    <Field key={`${name}-${state.status}`} id={id(name)} name={name} label={label} error={error(name)} defaultValue={value(name)} required {...props} />
  );
  return (
    <form action={formAction} className="stack" aria-labelledby={`${id("heading")}`}>
      <h3 id={id("heading")}>{TITLES[kind]}</h3>
      <input type="hidden" name="kind" value={kind} />
      {state.status === "error" && Object.keys(state.fields).length === 0 && <Alert>{state.message}</Alert>}
      {state.status === "success" && (
        <p role="status" className="alert alert-success">
          {state.message}
        </p>
      )}
      {field("symbol", "Symbol", { hint: "As traded before the action, e.g. VTI." })}
      {field("exDate", "Ex-date", { type: "date", hint: "The first day the shares trade without it (YYYY-MM-DD)." })}
      {kind === "SPLIT" && (
        <>
          {field("toShares", "New shares", { type: "number", inputMode: "numeric", hint: "A 3:2 split gives 3 new shares for every 2; a 1:10 reverse split gives 1 for 10." })}
          {field("fromShares", "For every … old shares", { type: "number", inputMode: "numeric" })}
        </>
      )}
      {kind === "CASH_DIVIDEND" && (
        <>
          {field("recordDate", "Record date", { type: "date" })}
          {field("payDate", "Pay date", { type: "date", hint: "Holders of record are paid on this day." })}
          {field("amountPerShare", "Amount per share, in dollars", { inputMode: "decimal", hint: "As announced, e.g. 0.8123." })}
          <div className="field">
            <label>
              <input type="checkbox" name="qualified" defaultChecked={value("qualified") === "on"} /> Qualified dividend (for tax forms)
            </label>
          </div>
        </>
      )}
      {kind === "SYMBOL_CHANGE" && field("newSymbol", "New symbol")}
      <p>
        <button type="submit" className="button" disabled={pending}>
          {TITLES[kind]}
        </button>
      </p>
    </form>
  );
}
