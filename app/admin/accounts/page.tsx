import type { Metadata } from "next";
import { CreateStaffForm } from "@/components/admin/create-staff-form";
import { RoleForm } from "@/components/admin/role-form";
import { requirePageUser } from "@/lib/auth/guards";
import { listAccounts } from "@/lib/users/staff";
import { changeRoleAction, createStaffAccountAction } from "./actions";

export const metadata: Metadata = { title: "Accounts and roles" };

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

export default async function AccountsPage() {
  const admin = await requirePageUser("/admin/accounts", ["ADMIN"]);
  const accounts = await listAccounts(admin);
  return (
    <main>
      <h1>Accounts and roles</h1>
      <div className="columns">
        <section aria-labelledby="accounts-heading">
          <h2 id="accounts-heading">Accounts</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Joined</th>
                <th scope="col">Role</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((account) => (
                <tr key={account.id}>
                  <td>{account.name}</td>
                  <td>{account.email}</td>
                  <td>{dateFormat.format(account.createdAt)}</td>
                  <td>
                    {account.id === admin.id ? (
                      "Admin (you)"
                    ) : (
                      <RoleForm action={changeRoleAction} userId={account.id} email={account.email} role={account.role} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card">
          <CreateStaffForm action={createStaffAccountAction} />
        </section>
      </div>
    </main>
  );
}
