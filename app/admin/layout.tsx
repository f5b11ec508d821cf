import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { currentUser } from "@/lib/auth/guards";
import { isStaff } from "@/lib/auth/roles";
import { staffSecondFactorGap } from "@/lib/auth/step-up";

/**
 * Staff reach /admin only with a second factor their session has proved: without one they are sent to set it up.
 * (Each page still checks the role itself; anyone else gets its sign-in redirect or 403 from the page.)
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (user && isStaff(user.role) && (await staffSecondFactorGap(user)) !== null) redirect("/security");
  return children;
}
