import { DomainError, InvalidInput, StepUpRequired } from "../errors";

/** What a server action tells its form: field messages next to the fields, or one message for the form. */
export type FormState =
  | { status: "idle" }
  | {
      status: "error";
      message: string;
      fields: Record<string, string>;
      values?: Record<string, string>;
      /** Set when the action needs the second factor again ("confirm") or one set up first ("enrol"). */
      stepUp?: StepUpRequired["reason"];
    }
  | { status: "success"; message: string };

export const IDLE: FormState = { status: "idle" };

/** Runs an action's work and turns domain errors into messages the form can show; others propagate. */
export async function formState(work: () => Promise<string>): Promise<FormState> {
  try {
    return { status: "success", message: await work() };
  } catch (error) {
    if (error instanceof InvalidInput) return { status: "error", message: error.message, fields: error.fields };
    if (error instanceof StepUpRequired) return { status: "error", message: error.message, fields: {}, stepUp: error.reason };
    if (error instanceof DomainError) return { status: "error", message: error.message, fields: {} };
    throw error;
  }
}
