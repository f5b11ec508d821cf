import type { Metadata } from "next";
import Link from "next/link";
import { AUDIT_ACTION_LABELS } from "@/components/audit/audit-labels";
import { AuditTable } from "@/components/audit/audit-table";
import { VerifyChainForm } from "@/components/audit/verify-chain-form";
import { OperatorActionForm } from "@/components/operations/operator-action-form";
import { Alert } from "@/components/ui/alert";
import { AUDIT_FILTERS, listAuditRecords, parseAuditQuery, type AuditQuery } from "@/lib/audit/trail";
import { requirePageUser } from "@/lib/auth/guards";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { InvalidInput } from "@/lib/errors";
import { identityKeyStatus, type IdentityKeyStatus } from "@/lib/kyc/resealing";
import { resealIdentityDataAction, verifyChainAction } from "./actions";

export const metadata: Metadata = { title: "Audit trail" };

type Params = Record<string, string | string[] | undefined>;

const ACTIONS = Object.entries(AUDIT_ACTION_LABELS).sort(([, a], [, b]) => a.localeCompare(b));

/** The filters of `params` as a query string (no page cursor), for links that keep them. */
function filterString(params: Params): string {
  const kept = new URLSearchParams();
  for (const key of AUDIT_FILTERS) {
    const value = params[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (first?.trim()) kept.set(key, first.trim());
  }
  return kept.toString();
}

/** The query, or the message for each filter that cannot be applied. */
function readQuery(params: Params): { query: AuditQuery | null; errors: Record<string, string> } {
  try {
    return { query: parseAuditQuery(params), errors: {} };
  } catch (error) {
    if (error instanceof InvalidInput) return { query: null, errors: error.fields };
    throw error;
  }
}

function Filter({ name, label, type = "text", value, error }: { name: string; label: string; type?: string; value: string; error?: string }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} type={type} defaultValue={value} aria-invalid={error ? true : undefined} aria-describedby={error ? `${name}-error` : undefined} />
      {error && (
        <p id={`${name}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Identity data still under older KYC keys, and the admin's way to re-seal it now (lib/kyc/resealing.ts). */
function IdentityKeys({ status }: { status: IdentityKeyStatus }) {
  const older = status.olderKeyIds.map((id) => (id === "" ? "documents stored before encryption" : `key ${id}`)).join(", ");
  return (
    <section className="card stack" aria-labelledby="identity-keys-heading">
      <h2 id="identity-keys-heading">Identity data keys</h2>
      <p>
        New identity data is sealed with key <code>{status.currentKeyId}</code>.{" "}
        {status.profiles === 0
          ? "Nothing is left under an older key: older keys can be removed from KYC_ENCRYPTION_KEYS."
          : `${status.profiles.toLocaleString("en-US")} ${status.profiles === 1 ? "investor's identity data is" : "investors' identity data is"} still under ${older}. The daily run (03:50 UTC) re-seals it; keep the older keys until this says nothing is left.`}
      </p>
      <OperatorActionForm action={resealIdentityDataAction} fields={{}} text="Re-seal identity data under the newest key now" label="Re-seal identity data under the newest key now" />
    </section>
  );
}

export default async function AuditTrailPage({ searchParams }: { searchParams: Promise<Params> }) {
  const actor = await requirePageUser("/admin/audit", STAFF_ROLES);
  const params = await searchParams;
  const { query, errors } = readQuery(params);
  const page = query ? await listAuditRecords(actor, query) : null;
  const keys = actor.role === "ADMIN" ? await identityKeyStatus() : null;
  const value = (key: string) => {
    const raw = params[key];
    return (Array.isArray(raw) ? raw[0] : raw) ?? "";
  };
  const filters = filterString(params);
  const withFilters = (extra?: string) => {
    const search = [filters, extra].filter(Boolean).join("&");
    return search ? `/admin/audit?${search}` : "/admin/audit";
  };
  return (
    <main>
      <h1>Audit trail</h1>
      <p className="lede">
        {actor.role === "ADMIN" ? "Every audited action on the platform, newest first." : "Audited actions by you and your clients, and about them, newest first."} Each
        record is sealed into a keyed hash chain shortly after it is written, so a change made behind the application&apos;s back shows up when the
        chain is verified.
      </p>
      {actor.role === "ADMIN" && (
        <section className="card stack" aria-labelledby="verify-heading">
          <h2 id="verify-heading">Tamper check</h2>
          <p>
            Seals are keyed (HMAC-SHA-256 under AUDIT_CHAIN_KEYS). Keep the latest seal outside the database, daily, so that even someone holding
            the key cannot rewrite the chain unnoticed:{" "}
            <a href="/admin/audit/seal" download>
              Download the latest seal
            </a>
            .
          </p>
          <VerifyChainForm action={verifyChainAction} />
        </section>
      )}
      {keys && <IdentityKeys status={keys} />}
      <form method="get" action="/admin/audit" className="filters" role="search" aria-label="Filter audit records">
        <Filter name="actor" label="Actor's email" type="email" value={value("actor")} error={errors.actor} />
        <div className="field">
          <label htmlFor="action">Action</label>
          <select id="action" name="action" defaultValue={value("action")} aria-invalid={errors.action ? true : undefined} aria-describedby={errors.action ? "action-error" : undefined}>
            <option value="">Any</option>
            {ACTIONS.map(([action, label]) => (
              <option key={action} value={action}>
                {label}
              </option>
            ))}
          </select>
          {errors.action && (
            <p id="action-error" className="field-error">
              {errors.action}
            </p>
          )}
        </div>
        <Filter name="targetType" label="Target type" value={value("targetType")} error={errors.targetType} />
        <Filter name="targetId" label="Target id" value={value("targetId")} error={errors.targetId} />
        <Filter name="from" label="From (UTC)" type="date" value={value("from")} error={errors.from} />
        <Filter name="to" label="To (UTC)" type="date" value={value("to")} error={errors.to} />
        <div className="actions">
          <button type="submit" className="button">
            Apply
          </button>
          {filters && <Link href="/admin/audit">Clear filters</Link>}
        </div>
      </form>
      {!page ? (
        <Alert>{errors.before ?? "Some filters cannot be applied: correct the highlighted fields."}</Alert>
      ) : (
        <>
          <p className="actions">
            <span>
              {page.records.length === 0
                ? filters
                  ? "No records match these filters."
                  : "No records yet: every change to money, identity, permissions or models is recorded here as it happens."
                : `Showing ${page.records.length} ${page.records.length === 1 ? "record" : "records"}${query?.before ? " (older page)" : ""}.`}
            </span>
            <a href={`/admin/audit/export${filters ? `?${filters}` : ""}`} download>
              Export CSV
            </a>
          </p>
          {page.records.length > 0 && <AuditTable records={page.records} />}
          {(page.nextBefore || query?.before) && (
            <nav aria-label="Pages" className="actions">
              {query?.before && <Link href={withFilters()}>Newest records</Link>}
              {page.nextBefore && <Link href={withFilters(`before=${page.nextBefore}`)}>Older records</Link>}
            </nav>
          )}
        </>
      )}
    </main>
  );
}
