/**
 * Inngest's limits and the errors it fails runs and requests with, copied from its source (inngest/inngest,
 * Go) so that code tested here meets the same words there. Each figure names where it comes from.
 */

/** pkg/consts/consts.go DefaultMaxStepLimit; the docs' "maximum number of steps allowed per function is 1000". */
export const MAX_STEPS_PER_RUN = 1_000;
/** pkg/consts/consts.go MaxStepOutputSize (4 MB), checked on each opcode (pkg/execution/state/opcode.go Validate). */
export const MAX_STEP_OUTPUT_BYTES = 4 * 1024 * 1024;
/** pkg/consts/consts.go MaxSDKRequestBodySize: past it, steps are fetched by the SDK instead of sent. */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
/** pkg/consts/consts.go MaxSDKResponseBodySize: step input + output. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
/** pkg/consts/consts.go DefaultMaxStateSizeLimit (32 MB): the event plus every step's output. */
export const MAX_RUN_STATE_BYTES = 32 * 1024 * 1024;
/** The docs' "Maximum event size" on the free plan (256 KiB; paid plans 3 MiB). */
export const MAX_EVENT_BYTES = 256 * 1024;
/** pkg/consts/consts.go MinRetryDuration and MaxRetryDuration bound a Retry-After. */
export const MIN_RETRY_DELAY_MS = 1000;
export const MAX_RETRY_DELAY_MS = 24 * 3_600_000;
/** pkg/backoff/backoff.go BackoffTable, plus up to 30 s of jitter, by the number of the attempt that failed. */
const BACKOFF_TABLE_MS = [15, 30, 60, 120, 300, 600, 1200, 2400, 3600, 7200].map((seconds) => seconds * 1000);
const BACKOFF_JITTER_MS = 30_000;

export function backoffMs(failedAttempt: number): number {
  return BACKOFF_TABLE_MS[Math.min(failedAttempt, BACKOFF_TABLE_MS.length - 1)]! + Math.random() * BACKOFF_JITTER_MS;
}

/** The shape Inngest gives the errors it raises itself (pkg/execution/state/driver_response.go StandardError). */
export interface StandardError {
  error: string;
  name: string;
  message: string;
}

/** pkg/execution/executor/validate.go checkStepLimit: the run fails at once, with no retry. */
export const stepLimitExceeded = (): StandardError => ({
  error: "function has too many steps",
  name: "InngestErrFunctionOverflowed",
  message: `The function run exceeded the step limit of ${MAX_STEPS_PER_RUN} steps.`,
});

/** pkg/execution/executor/executor.go handleGeneratorStep: more steps planned at once than a run may have. */
export const parallelStepLimitExceeded = (): StandardError => {
  const message = `The function run exceeded the step limit of ${MAX_STEPS_PER_RUN} steps.`;
  return { error: `InngestErrFunctionOverflowed: ${message}`, name: "InngestErrFunctionOverflowed", message };
};

/** pkg/execution/executor/executor.go validateStateSize (WrapInStandardError): the run fails at once. */
export const stateTooLarge = (): StandardError => {
  const message = `The function run exceeded the state size limit of ${MAX_RUN_STATE_BYTES} bytes.`;
  return { error: `InngestErrStateOverflowed: ${message}`, name: "InngestErrStateOverflowed", message };
};

/**
 * pkg/execution/driver/httpdriver/parse.go: an opcode whose output exceeds 4 MB fails the attempt (an ordinary,
 * retried error, wrapped by executor.go as a StandardError named "Error").
 */
export const stepOutputTooLarge = (opId: string): StandardError => {
  const message = `error validating generator opcode ${opId}: step output size is greater than the limit`;
  return { error: message, name: "Error", message };
};

/** pkg/execution/driver/httpdriver/httpdriver.go: a response body over 8 MB (syscode output_too_large). */
export const responseTooLarge = (): StandardError => {
  const message = "Your function's response body exceeds the maximum size limit";
  return { error: `output_too_large: ${message}`, name: "output_too_large", message };
};

/** The docs' inngest/function.cancelled payload: "The cancellation error, always 'function cancelled'". */
export const functionCancelled = (): StandardError => ({ error: "function cancelled", name: "Error", message: "function cancelled" });

/** pkg/eventstream/eventstream.go ErrEventTooLarge, answered with 400 by pkg/api/api.go. */
export const eventTooLarge = (size: number) => `Event is over the max size: Max ${MAX_EVENT_BYTES} bytes / Size ${size} bytes`;

/** pkg/event/inbound.go ErrInternalEventName: the inngest/ prefix is Inngest's own. */
export const reservedEventName = (name: string) => `event name is reserved for internal use: ${name}`;

/** Inngest's system events (pkg/consts/events.go). */
export const SYSTEM_EVENTS = {
  failed: "inngest/function.failed",
  cancelled: "inngest/function.cancelled",
  finished: "inngest/function.finished",
  invoked: "inngest/function.invoked",
  cron: "inngest/scheduled.timer",
} as const;
