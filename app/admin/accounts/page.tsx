import type { Metadata } from "next";
import { CreateStaffForm } from "@/components/admin/create-staff-form";
import { RoleForm } from "@/components/admin/role-form";
import { ModelPermissionForm } from "@/components/models/model-permission-form";
import { requirePageUser } from "@/lib/auth/guards";
import { modelManagerIds } from "@/lib/investing/models";
import { listAccounts } from "@/lib/users/staff";
import { changeRoleAction, createStaffAccountAction, setModelPermissionAction } from "./actions";
import { viewerFormatFor } from "@/lib/format/viewer";

export const metadata: Metadata = { title: "Accounts and roles" };

export default async function AccountsPage() {
  const admin = await requirePageUser("/admin/accounts", ["ADMIN"]);
  const format = await viewerFormatFor(admin);
  const [accounts, modelManagers] = await Promise.all([listAccounts(admin), modelManagerIds(admin)]);
  return (
    <main>
      <h1>Accounts and roles</h1>
      <div className="columns">
        <section aria-labelledby="accounts-heading">
          <h2 id="accounts-heading">Accounts</h2>
          {/* Scrolls sideways on a narrow screen rather than running under the form beside it. */}
          <div className="table-scroll" role="region" aria-labelledby="accounts-heading" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Joined</th>
                  <th scope="col">Role</th>
                  <th scope="col">Model editing</th>
                </tr>
              </thead>
              <tbody>
                {accounts.map((account) => (
                  <tr key={account.id}>
                    <td>{account.name}</td>
                    <td>{account.email}</td>
                    <td>{format.date(account.createdAt)}</td>
                    <td>
                      {account.id === admin.id ? (
                        "Admin (you)"
                      ) : (
                        <RoleForm action={changeRoleAction} userId={account.id} email={account.email} role={account.role} />
                      )}
                    </td>
                    <td>
                      {account.role === "ADVISOR" ? (
                        <ModelPermissionForm action={setModelPermissionAction} userId={account.id} email={account.email} allowed={modelManagers.has(account.id)} />
                      ) : account.role === "ADMIN" ? (
                        "Always"
                      ) : (
                        "No"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="card">
          <CreateStaffForm action={createStaffAccountAction} />
        </section>
      </div>
    </main>
  );
}
