import { DomainError, InvalidInput, TooManyAttempts } from "../errors";

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

export function jsonError(status: number, code: string, message: string, extra?: Partial<ErrorBody["error"]>, headers?: HeadersInit) {
  return Response.json({ error: { code, message, ...extra } } satisfies ErrorBody, { status, headers });
}

/** The one mapping from errors to HTTP: domain errors keep their status; anything else is a 500 without details. */
export function errorResponse(error: unknown): Response {
  if (error instanceof DomainError) {
    const fields = error instanceof InvalidInput && Object.keys(error.fields).length ? { fields: error.fields } : undefined;
    const headers = error instanceof TooManyAttempts ? { "Retry-After": String(error.retryAfterSeconds) } : undefined;
    return jsonError(error.status, error.code, error.message, fields, headers);
  }
  console.error("unhandled error in API route", error);
  return jsonError(500, "internal_error", "Something went wrong on our side. Please try again.");
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Wraps a route handler so that every failure becomes a JSON error, never a stack trace. */
export function apiRoute<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
