import type { ReactNode } from "react";
import type { AccountLockView } from "@/lib/operations/account-locks";
import type { ViewerFormat } from "@/lib/format/viewer";
import { functionName, shortRunId } from "./runs-table";
import { currentUser } from "@/lib/auth/guards";
import { viewerFormatFor } from "@/lib/format/viewer";

function runState(lock: AccountLockView, format: ViewerFormat): string {
  if (!lock.run) return "No record of this run: it may be lost";
  if (lock.run.status !== "RUNNING") return `Run ${lock.run.status.toLowerCase()}, but the account is still held`;
  return lock.run.waitingFor ? `Waiting for ${lock.run.waitingFor}` : `Running (last moved ${format.preciseDateTime(lock.run.updatedAt)})`;
}

/** Accounts an invest or rebalance run holds, longest held first; `action` adds a last column (Release). */
export async function AccountLocksTable({ locks, action }: { locks: AccountLockView[]; action?: { heading: string; cell: (lock: AccountLockView) => ReactNode } }) {
  const format = await viewerFormatFor(await currentUser());
  const caption = "Accounts held by a run, longest first";
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Investor</th>
            <th scope="col">Work</th>
            <th scope="col">Run</th>
            <th scope="col">Held since</th>
            <th scope="col">State</th>
            <th scope="col" className="number">
              Waiting behind it
            </th>
            {action && <th scope="col">{action.heading}</th>}
          </tr>
        </thead>
        <tbody>
          {locks.map((lock) => (
            <tr key={lock.investmentAccountId}>
              <td>{lock.investorName}</td>
              <td>{lock.kind === "rebalance" ? "Rebalance" : lock.kind === "fee" ? "Fee collection" : "Investment"}</td>
              <td>
                {lock.inngestRunId ? (
                  <>
                    {functionName(lock.functionId ?? "")} <code title={lock.inngestRunId}>{shortRunId(lock.inngestRunId)}</code>
                  </>
                ) : (
                  "—"
                )}
              </td>
              <td>{format.preciseDateTime(lock.acquiredAt)}</td>
              <td>{runState(lock, format)}</td>
              <td className="number">{lock.queued}</td>
              {action && <td>{action.cell(lock)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
