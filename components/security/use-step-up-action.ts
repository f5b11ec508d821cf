"use client";

import { startTransition, useActionState, useRef } from "react";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/**
 * useActionState for an action that may answer `stepUp`: keeps the submitted fields, so that once the step-up
 * dialog has proved the factor, `retry` sends the very same submission again (React clears the form's fields).
 */
export function useStepUpAction(action: Action) {
  const [state, dispatch, pending] = useActionState(action, IDLE);
  const submitted = useRef<FormData | null>(null);
  const submit = (form: FormData) => {
    submitted.current = form;
    dispatch(form);
  };
  const retry = () => {
    const form = submitted.current;
    if (form) startTransition(() => dispatch(form));
  };
  return { state, submit, pending, retry };
}
