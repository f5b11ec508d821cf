import type Decimal from "decimal.js";
import type { Metadata } from "next";
import Link from "next/link";
import { KYC_STATUS_LABELS } from "@/components/kyc/kyc-details";
import { CLIENTS_PER_PAGE, listClients, parseClientQuery, type ClientQuery } from "@/lib/advisor/clients";
import { requirePageUser } from "@/lib/auth/guards";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "Clients" };

const SORT_LABELS: Record<ClientQuery["sort"], string> = {
  attention: "Needs attention first",
  name: "Name",
  joined: "Newest first",
  risk: "Risk score, highest first",
  drift: "Drift, largest first",
};

const percent = (fraction: Decimal) => `${fraction.times(100).toFixed(1)}%`;

/** The query string for `query` with `changes` applied (defaults left out, so links stay short). */
function href(query: ClientQuery, changes: Partial<ClientQuery>): string {
  const merged = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined || (key === "sort" && value === "attention") || (key === "page" && value === 1)) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `/admin/clients?${text}` : "/admin/clients";
}

function RiskScoreSelect({ name, label, value }: { name: string; label: string; value: number | undefined }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value?.toString() ?? ""}>
        <option value="">Any</option>
        {Array.from({ length: 10 }, (_, i) => (
          <option key={i} value={i + 1}>
            {i + 1}
          </option>
        ))}
      </select>
    </div>
  );
}

export default async function ClientsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageUser("/admin/clients", STAFF_ROLES);
  const { clients, total, query } = await listClients(actor, parseClientQuery(await searchParams));
  const pages = Math.max(1, Math.ceil(total / CLIENTS_PER_PAGE));
  const filtered = query.q || query.kyc || query.minRisk || query.maxRisk || query.drift;
  return (
    <main>
      <h1>{actor.role === "ADMIN" ? "All clients" : "Your clients"}</h1>
      <form method="get" action="/admin/clients" className="filters" role="search" aria-label="Find clients">
        <div className="field">
          <label htmlFor="q">Search by name or email</label>
          <input id="q" name="q" type="search" defaultValue={query.q ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="kyc">Identity check</label>
          <select id="kyc" name="kyc" defaultValue={query.kyc ?? ""}>
            <option value="">Any</option>
            <option value="NONE">Not submitted</option>
            <option value="PENDING_REVIEW">{KYC_STATUS_LABELS.PENDING_REVIEW}</option>
            <option value="APPROVED">{KYC_STATUS_LABELS.APPROVED}</option>
            <option value="REJECTED">{KYC_STATUS_LABELS.REJECTED}</option>
          </select>
        </div>
        <RiskScoreSelect name="minRisk" label="Risk score from" value={query.minRisk} />
        <RiskScoreSelect name="maxRisk" label="Risk score to" value={query.maxRisk} />
        <div className="field">
          <label htmlFor="drift">Drift</label>
          <select id="drift" name="drift" defaultValue={query.drift ?? ""}>
            <option value="">Any</option>
            <option value="outside">Outside the model&apos;s band</option>
            <option value="within">Within the band</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="sort">Sort by</label>
          <select id="sort" name="sort" defaultValue={query.sort}>
            {Object.entries(SORT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="button">
            Apply
          </button>
          {filtered && <Link href="/admin/clients">Clear filters</Link>}
        </div>
      </form>
      <p role="status">
        {total === 0 ? (filtered
          ? "No clients match these filters."
          : actor.role === "ADMIN"
            ? "No clients yet: investors appear here as they sign up."
            : "No clients yet: investors appear here once an admin assigns them to you.") : `${total} ${total === 1 ? "client" : "clients"}`}
        {pages > 1 && `, page ${query.page} of ${pages}`}
      </p>
      {clients.length > 0 && (
        <div className="table-scroll" role="region" aria-label="Clients" tabIndex={0}>
          <table>
            <caption className="visually-hidden">Clients: {SORT_LABELS[query.sort]}</caption>
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col">Email</th>
                <th scope="col">Identity check</th>
                <th scope="col">Risk score</th>
                <th scope="col">Portfolio</th>
                <th scope="col" className="number">
                  Value
                </th>
                <th scope="col" className="number">
                  Drift
                </th>
                <th scope="col">Advisor</th>
              </tr>
            </thead>
            <tbody>
              {clients.map((client) => (
                <tr key={client.id}>
                  <td>
                    <Link href={`/admin/clients/${client.id}`}>{client.name}</Link>
                  </td>
                  <td>{client.email}</td>
                  <td>{client.kycStatus ? KYC_STATUS_LABELS[client.kycStatus] : "Not submitted"}</td>
                  <td>{client.riskScore ?? "No questionnaire"}</td>
                  <td>{client.modelName ?? "None yet"}</td>
                  <td className="number">{formatMoney(client.value, client.currency)}</td>
                  <td className="number">
                    {client.drift ? (
                      <>
                        {percent(client.drift.value)}
                        {client.drift.value.greaterThan(client.drift.band) && <strong> (outside {percent(client.drift.band)} band)</strong>}
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>{client.advisor?.name ?? "Nobody yet"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav aria-label="Pages" className="actions">
          {query.page > 1 && <Link href={href(query, { page: query.page - 1 })}>Previous page</Link>}
          {query.page < pages && <Link href={href(query, { page: query.page + 1 })}>Next page</Link>}
        </nav>
      )}
    </main>
  );
}
