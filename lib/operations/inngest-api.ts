/**
 * The few calls the app makes to Inngest's REST API (not its event API, which the SDK uses): cancelling a run.
 * In development and tests the local stand-in serves the same paths; in production, Inngest Cloud (or a
 * self-hosted Inngest at INNGEST_BASE_URL) with the signing key as the bearer token.
 */
import { env } from "../env";
import { UpstreamUnavailable } from "../errors";

/** Inngest could not be reached or refused: the operator sees why, and nothing was changed. */
export class InngestApiError extends UpstreamUnavailable {
  override name = "InngestApiError";
}

function apiBase(): string {
  const config = env();
  if (config.INNGEST_BASE_URL) return config.INNGEST_BASE_URL.replace(/\/$/, "");
  return config.INNGEST_DEV === "1" ? "http://127.0.0.1:8288" : "https://api.inngest.com";
}

/**
 * Cancels a run (`DELETE /v1/runs/{runId}`): it stops between steps, and Inngest sends `inngest/function.cancelled`,
 * on which the clean-up runs. Returns false when Inngest does not know the run (finished and gone, or lost).
 */
export async function cancelInngestRun(runId: string): Promise<boolean> {
  const key = env().INNGEST_SIGNING_KEY;
  let response: Response;
  try {
    response = await fetch(`${apiBase()}/v1/runs/${encodeURIComponent(runId)}`, {
      method: "DELETE",
      headers: key ? { authorization: `Bearer ${key}` } : {},
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new InngestApiError(`Inngest could not be reached to cancel run ${runId} (${error instanceof Error ? error.message : String(error)}): nothing was changed; try again.`);
  }
  if (response.status === 404) return false;
  if (!response.ok) throw new InngestApiError(`Inngest refused to cancel run ${runId} (${response.status}: ${(await response.text()).slice(0, 300)}): nothing was changed.`);
  return true;
}
