/**
 * Domain errors: typed, with a stable code and the HTTP status they map to (once, in lib/http/respond.ts).
 * Messages are written for the person who will read them.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
}

/** Input that breaks a rule; `fields` maps each field to its message, for forms and API clients. */
export class InvalidInput extends DomainError {
  readonly code = "invalid_input";
  readonly status = 400;
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export class BadRequest extends DomainError {
  readonly status = 400;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class Unauthenticated extends DomainError {
  readonly code = "unauthenticated";
  readonly status = 401;
  constructor(message = "Sign in to continue.") {
    super(message);
  }
}

export class Forbidden extends DomainError {
  readonly code = "forbidden";
  readonly status = 403;
  constructor(message = "You do not have permission to do that.") {
    super(message);
  }
}

export class NotFound extends DomainError {
  readonly code = "not_found";
  readonly status = 404;
  constructor(message = "Not found.") {
    super(message);
  }
}

/** A body larger than the endpoint accepts (e.g. an identity document over 10 MB). */
export class TooLarge extends DomainError {
  readonly code = "too_large";
  readonly status = 413;
}

/** A service we depend on (Inngest's API, say) could not be reached or refused: nothing was changed; try again. */
export class UpstreamUnavailable extends DomainError {
  readonly code = "upstream_unavailable";
  readonly status = 502;
}

export class Conflict extends DomainError {
  readonly code = "conflict";
  readonly status = 409;
}

export class InvalidCredentials extends DomainError {
  readonly code = "invalid_credentials";
  readonly status = 401;
  constructor() {
    // Deliberately the same for an unknown email and a wrong password.
    super("Wrong email or password.");
  }
}

export class TooManyAttempts extends DomainError {
  readonly code = "too_many_attempts";
  readonly status = 429;
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts. Try again in ${waitInWords(retryAfterSeconds)}.`);
  }
}

/** More live streams open at once for one person than any set of their tabs needs (lib/live/limits.ts). */
export class TooManyStreams extends DomainError {
  readonly code = "too_many_streams";
  readonly status = 429;
  constructor(max: number) {
    super(`You have ${max} live connections open already: close a tab or two and reload.`);
  }
}

/** "45 seconds", "1 minute", "15 minutes": a wait as a person reads it (whole minutes from one minute up). */
function waitInWords(seconds: number): string {
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;
  return seconds < 60 ? plural(Math.max(1, Math.ceil(seconds)), "second") : plural(Math.ceil(seconds / 60), "minute");
}

/** Deposits wait until the owner has confirmed their email address (the link sent at sign-up). */
export class EmailNotVerified extends DomainError {
  readonly code = "email_not_verified";
  readonly status = 403;
  constructor() {
    super("Confirm your email address first: open the link we sent you, or send a new one from the banner at the top of the page.");
  }
}

/** A link from one of our emails (password reset, email confirmation) that is unknown, used or expired. */
export class InvalidLink extends DomainError {
  readonly code = "invalid_link";
  readonly status = 400;
  constructor(message = "This link has expired or has already been used.") {
    super(message);
  }
}

/**
 * A sensitive action (money movement, models, the trading halt, roles, tokens, second factors) needs the second
 * factor proved in the last few minutes; `enrol` says the user has none yet and must set one up first.
 */
export class StepUpRequired extends DomainError {
  readonly code = "step_up_required";
  readonly status = 403;
  constructor(readonly reason: "confirm" | "enrol" = "confirm") {
    super(
      reason === "enrol"
        ? "This needs a second factor: set up an authenticator app or a passkey in Security first."
        : "Confirm it is you with your second factor, then try again.",
    );
  }
}
