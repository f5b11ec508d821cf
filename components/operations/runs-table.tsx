import type { ReactNode } from "react";
import type { RunView } from "@/lib/operations/runs";
import { currentUser } from "@/lib/auth/guards";
import { viewerFormatFor } from "@/lib/format/viewer";

/** "invest-account" for "autovest-invest-account": the app's prefix is on every function. */
export const functionName = (functionId: string) => functionId.replace(/^autovest-/, "");
export const shortRunId = (runId: string) => runId.slice(0, 8);

const STATUS_LABELS = { RUNNING: "Running", COMPLETED: "Completed", FAILED: "Failed", CANCELLED: "Cancelled" } as const;

function statusOf(run: RunView): ReactNode {
  if (run.stuck) return <strong className="status status-failed">Stuck: no progress for over 30 minutes</strong>;
  if (run.status === "RUNNING" && run.waitingFor) return <span className="status">Waiting for {run.waitingFor}</span>;
  return <span className={`status${run.status === "FAILED" ? " status-failed" : run.status === "COMPLETED" ? " status-succeeded" : ""}`}>{STATUS_LABELS[run.status]}</span>;
}

/**
 * Workflow runs with what started them and how they ended; `action` adds a last column (e.g. Retry). Nine
 * columns do not fit a phone: the table scrolls in its own region rather than widening the page.
 */
export async function RunsTable({ runs, caption, action }: { runs: RunView[]; caption: string; action?: { heading: string; cell: (run: RunView) => ReactNode } }) {
  const format = await viewerFormatFor(await currentUser());
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Function</th>
            <th scope="col">Run</th>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col" className="number">
              Attempts
            </th>
            <th scope="col">Started</th>
            <th scope="col">Finished or last seen</th>
            <th scope="col">Error</th>
            {action && <th scope="col">{action.heading}</th>}
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.runId}>
              <td>{functionName(run.functionId)}</td>
              <td>
                <code title={run.runId}>{shortRunId(run.runId)}</code>
              </td>
              <td>{run.eventName}</td>
              <td>{statusOf(run)}</td>
              <td className="number">{run.attempts}</td>
              <td>{format.preciseDateTime(run.startedAt)}</td>
              <td>{format.preciseDateTime(run.finishedAt ?? run.updatedAt)}</td>
              <td>{run.error ?? "—"}</td>
              {action && <td>{action.cell(run)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
