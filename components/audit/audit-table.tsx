import { canonicalJson, type JsonValue } from "@/lib/audit/canonical";
import type { AuditRecordView } from "@/lib/audit/trail";
import { AUDIT_ACTION_LABELS } from "./audit-labels";
import { currentUser } from "@/lib/auth/guards";
import { viewerFormatFor } from "@/lib/format/viewer";

const DETAILS_SHOWN = 160;

/** Details on one line: `key: value` pairs in key order (as the chain hashes them), strings unquoted, anything nested as compact JSON. */
function compact(details: JsonValue): string {
  if (details === null || typeof details !== "object" || Array.isArray(details)) return canonicalJson(details);
  return Object.entries(details)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : canonicalJson(value)}`)
    .join(", ");
}

function Details({ details }: { details: JsonValue }) {
  const text = compact(details);
  if (!text) return <span className="muted">—</span>;
  return text.length > DETAILS_SHOWN ? <span title={text}>{`${text.slice(0, DETAILS_SHOWN)}…`}</span> : <>{text}</>;
}

/** Audit records, as the viewer shows them (newest first, as given). */
export async function AuditTable({ records }: { records: AuditRecordView[] }) {
  const format = await viewerFormatFor(await currentUser());
  return (
    <table className="stacked-table">
      <caption className="visually-hidden">Audit records, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Actor</th>
          <th scope="col">Action</th>
          <th scope="col">Target</th>
          <th scope="col">Details</th>
          <th scope="col">IP address</th>
        </tr>
      </thead>
      <tbody>
        {records.map((record) => (
          <tr key={record.id.toString()}>
            <td data-label="Time">
              <time dateTime={record.at.toISOString()}>{format.preciseDateTime(record.at)}</time>
              <br />
              <span className="muted">#{record.id.toString()}</span>
            </td>
            <td data-label="Actor" className="wrap-anywhere">
              {record.actor ? (
                <>
                  {record.actor.name}
                  <br />
                  <span className="muted">{record.actor.email}</span>
                </>
              ) : (
                <span className="muted">System or anonymous</span>
              )}
            </td>
            <td data-label="Action">{AUDIT_ACTION_LABELS[record.action]}</td>
            <td data-label="Target" className="wrap-anywhere">
              {record.target ? (
                <>
                  {record.target.type}
                  <br />
                  <code>{record.target.id}</code>
                </>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
            <td data-label="Details" className="wrap-anywhere">
              <Details details={record.details} />
            </td>
            <td data-label="IP address" className="wrap-anywhere">
              {record.ip ?? <span className="muted">—</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
