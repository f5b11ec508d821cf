import { DomainError, InvalidInput, TooManyAttempts } from "../errors";

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

export function jsonError(status: number, code: string, message: string, extra?: Partial<ErrorBody["error"]>, headers?: HeadersInit) {
  return Response.json({ error: { code, message, ...extra } } satisfies ErrorBody, { status, headers });
}

/**
 * PostgreSQL's refusals of text it cannot store: 22021 (invalid byte sequence, e.g. NUL in text) and 22P05
 * (untranslatable character, e.g. \u0000 in jsonb). The doors refuse such characters first (lib/validation.ts);
 * this is the backstop, so one that slips through is the client's 400 and never a 500 quoting the database.
 */
const INVALID_TEXT_CODES = new Set(["22021", "22P05"]);

/** Whether `error` is PostgreSQL refusing text, raw (pg) or wrapped by Prisma's driver adapter. */
export function isInvalidTextError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, meta } = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  const postgresCode = meta?.driverAdapterError?.cause?.originalCode ?? code;
  return typeof postgresCode === "string" && INVALID_TEXT_CODES.has(postgresCode);
}

/** The one mapping from errors to HTTP: domain errors keep their status; anything else is a 500 without details. */
export function errorResponse(error: unknown): Response {
  if (isInvalidTextError(error)) {
    return jsonError(400, "invalid_characters", "The request contains characters that cannot be stored (such as a NUL byte).");
  }
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
