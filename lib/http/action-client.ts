import { headers } from "next/headers";
import type { z } from "zod";
import { pendingSecondFactorUser, requireUser } from "../auth/guards";
import { isStaff, STAFF_ROLES, type Role } from "../auth/roles";
import type { CurrentUser } from "../auth/sessions";
import { requireStaffSecondFactor, requireStepUp } from "../auth/step-up";
import { InvalidInput, Unauthenticated } from "../errors";
import { findForbiddenCharacter, parseInput } from "../validation";
import { formState, type FormState } from "./form-state";
import { requestContextFrom, type RequestContext } from "./request-context";

/**
 * The one way a server action is written. Each action says, in one place, who may call it, the schema of its
 * input, and whether it needs the second factor again (step-up); the client checks all three on the server before
 * the action's body runs, and hands the body the caller, the parsed input and the request's context (address and
 * user agent, for the audit trail). Domain errors become form messages (lib/http/form-state.ts).
 *
 *     export const revokeTokenAction = investorAction({ input: z.object({ tokenId: z.string() }) }, async ({ user, input, context }) => {…});
 *
 * Forms call it as React's useActionState does: `(previousState, formData)`; code may pass a plain object instead.
 */
export type ServerAction = (previous: FormState, payload?: FormData | Record<string, unknown>) => Promise<FormState>;

export interface ActionSpec<S extends z.ZodType> {
  /** Parses the form's fields (a repeated field arrives as an array, a file as a File). */
  input?: S;
  /** Money movement, models, the trading halt, roles, tokens and second factors: the factor again within 5 minutes. */
  stepUp?: boolean;
  /** A refused form gets back what was typed (all fields, or these), so a field can be corrected rather than retyped. */
  keepValues?: boolean | readonly string[];
}

export interface ActionCall<U, I> {
  user: U;
  input: I;
  context: RequestContext;
}

/** The message the form shows on success, or a whole FormState (an outcome that is a success to the server, not to the reader). */
type Body<U, I> = (call: ActionCall<U, I>) => Promise<string | FormState>;

/** A form's fields as an object, every text checked for control characters at the door (a 400, nothing changes). */
export function fieldsOf(payload: FormData | Record<string, unknown> | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const entries: [string, unknown][] = payload instanceof FormData ? [...payload.entries()] : Object.entries(payload ?? {});
  const problems: Record<string, string> = {};
  for (const [key, value] of entries) {
    // React's own fields ($ACTION_…) carry the action's bound arguments, not user input.
    if (key.startsWith("$ACTION")) continue;
    if (typeof value === "string" && findForbiddenCharacter(value)) problems[key] = "Remove the control characters from this field.";
    if (payload instanceof FormData && key in fields) {
      const previous = fields[key];
      fields[key] = Array.isArray(previous) ? [...previous, value] : [previous, value];
    } else {
      fields[key] = value;
    }
  }
  if (Object.keys(problems).length) throw new InvalidInput("Some fields contain characters we cannot accept.", problems);
  return fields;
}

function typedValues(payload: FormData | Record<string, unknown>, keep: true | readonly string[]): Record<string, string> {
  const entries = payload instanceof FormData ? [...payload.entries()] : Object.entries(payload);
  const kept = (key: string) => (keep === true ? !key.startsWith("$ACTION") : keep.includes(key));
  return Object.fromEntries(entries.filter(([key, value]) => kept(key) && typeof value === "string") as [string, string][]);
}

function define<U extends CurrentUser | null>(authorise: () => Promise<U>) {
  return function action<S extends z.ZodType = z.ZodRecord<z.ZodString, z.ZodUnknown>>(spec: ActionSpec<S>, body: Body<U, z.infer<S>>): ServerAction {
    return async (_previous, payload) => {
      const context = requestContextFrom(await headers());
      let outcome: FormState | undefined;
      const state = await formState(async () => {
        const user = await authorise();
        if (spec.stepUp) {
          if (!user) throw new Error("a step-up action needs a signed-in caller");
          await requireStepUp(user);
        }
        const fields = fieldsOf(payload);
        const input = (spec.input ? parseInput(spec.input, fields) : fields) as z.infer<S>;
        const result = await body({ user, input, context });
        if (typeof result === "string") return result;
        outcome = result;
        return "";
      });
      if (outcome) return outcome;
      if (state.status === "error" && spec.keepValues && payload) return { ...state, values: typedValues(payload, spec.keepValues) };
      return state;
    };
  };
}

/**
 * What a query answers: its data, or the form error (unauthenticated, step-up, a domain error) a client shows as
 * it shows an action's. For server functions that hand the browser data rather than a message (a passkey
 * ceremony's options): the same one place for who may call and step-up.
 */
export type QueryAnswer<T> = { status: "ok"; data: T } | Extract<FormState, { status: "error" }>;
export type ServerQuery<T> = () => Promise<QueryAnswer<T>>;

function defineQuery<U extends CurrentUser | null>(authorise: () => Promise<U>) {
  return function query<T>(spec: Pick<ActionSpec<z.ZodType>, "stepUp">, body: (call: { user: U; context: RequestContext }) => Promise<T>): ServerQuery<T> {
    return async () => {
      const context = requestContextFrom(await headers());
      let data: T | undefined;
      const state = await formState(async () => {
        const user = await authorise();
        if (spec.stepUp) {
          if (!user) throw new Error("a step-up query needs a signed-in caller");
          await requireStepUp(user);
        }
        data = await body({ user, context });
        return "";
      });
      return state.status === "error" ? state : { status: "ok", data: data as T };
    };
  };
}

/**
 * The caller, with one of `roles` if given. Staff work (staffAction, adminAction) also needs a second factor the
 * session has proved, as /admin does; userAction does not, so that staff can set up their factor in the first place.
 */
const signedIn = (roles?: readonly Role[]) => async () => {
  const user = await requireUser(roles);
  return roles?.every(isStaff) ? requireStaffSecondFactor(user) : user;
};

/** Anyone, signed in or not (sign-up, password reset). Proxy.ts caps these bodies. */
export const publicAction = define<null>(async () => null);
/** Any signed-in user, whatever the role (notifications, their own security settings). */
export const userAction = define<CurrentUser>(signedIn());
export const investorAction = define<CurrentUser>(signedIn(["INVESTOR"]));
export const staffAction = define<CurrentUser>(signedIn(STAFF_ROLES));
export const adminAction = define<CurrentUser>(signedIn(["ADMIN"]));

/** Any signed-in user. */
export const userQuery = defineQuery<CurrentUser>(signedIn());
/** The user of a session that has passed the password and waits for its second factor (the sign-in's second step). */
export const pendingSignInQuery = defineQuery<CurrentUser>(async () => {
  const user = await pendingSecondFactorUser();
  if (!user) throw new Unauthenticated("Your sign-in has expired. Sign in again.");
  return user;
});
