import type { z } from "zod";
import { requireUser } from "../auth/guards";
import { STAFF_ROLES, type Role } from "../auth/roles";
import type { CurrentUser } from "../auth/sessions";
import { requireStaffSecondFactor, requireStepUp } from "../auth/step-up";
import { parseInput } from "../validation";
import { readJson } from "./read-json";
import { requestContextFrom, type RequestContext } from "./request-context";
import { apiRoute } from "./respond";

/**
 * Route handlers for the browser session, written as server actions are (lib/http/action-client.ts): who may call,
 * the JSON body's schema and step-up in one place, checked before the handler runs; errors answer as JSON with
 * their status (lib/http/respond.ts). The JSON API's account routes, which also take personal API tokens, use
 * requireAccountReader (lib/auth/guards.ts) instead.
 */
export interface RouteSpec<S extends z.ZodType> {
  /** The JSON body's schema (read with readJson's size limit); without it the body is not read. */
  input?: S;
  stepUp?: boolean;
}

export interface RouteCall<P, I> {
  request: Request;
  params: P;
  user: CurrentUser;
  input: I;
  context: RequestContext;
}

type Handler<P, I> = (call: RouteCall<P, I>) => Promise<Response>;
type NextContext<P> = { params: Promise<P> };

function define(roles?: readonly Role[]) {
  return function route<P = Record<string, never>, S extends z.ZodType = z.ZodUndefined>(spec: RouteSpec<S>, handler: Handler<P, z.infer<S>>) {
    return apiRoute<NextContext<P>>(async (request, next) => {
      const user = await requireStaffSecondFactor(await requireUser(roles));
      if (spec.stepUp) await requireStepUp(user);
      const input = (spec.input ? parseInput(spec.input, await readJson(request)) : undefined) as z.infer<S>;
      const params = ((await next?.params) ?? {}) as P;
      return handler({ request, params, user, input, context: requestContextFrom(request.headers) });
    });
  };
}

export const userRoute = define();
export const staffRoute = define(STAFF_ROLES);
export const adminRoute = define(["ADMIN"]);
