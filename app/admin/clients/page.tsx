import type { Metadata } from "next";
import Link from "next/link";
import { KYC_STATUS_LABELS } from "@/components/kyc/kyc-details";
import { listClients } from "@/lib/advisor/clients";
import { requirePageUser } from "@/lib/auth/guards";
import { STAFF_ROLES } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Clients" };


export default async function ClientsPage() {
  const actor = await requirePageUser("/admin/clients", STAFF_ROLES);
  const clients = await listClients(actor);
  return (
    <main>
      <h1>{actor.role === "ADMIN" ? "All clients" : "Your clients"}</h1>
      {clients.length === 0 ? (
        <p>No clients yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Clients, identity checks waiting for review first</caption>
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">Email</th>
              <th scope="col">Identity check</th>
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
                <td>{client.advisor?.name ?? "Nobody yet"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
