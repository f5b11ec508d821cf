"use server";

import type { ChainReport } from "@/lib/audit/chain";
import { verifyAuditTrail } from "@/lib/audit/trail";
import { adminAction } from "@/lib/http/action-client";

const count = (n: number) => n.toLocaleString("en-US");

function describe(report: ChainReport): string {
  const waiting = report.unsealed > 0 ? ` ${count(report.unsealed)} newer ${report.unsealed === 1 ? "record is" : "records are"} not sealed yet.` : "";
  return report.status === "intact"
    ? `Audit trail intact: ${count(report.records)} records checked.${waiting}`
    : `Chain broken at record #${report.auditId} (seal ${report.firstBrokenSeq}): ${report.reason}.${waiting}`;
}

/** Verifies the whole chain (admins only): intact is a status, a break an alert. */
export const verifyChainAction = adminAction({}, async ({ user }) => {
  const report = await verifyAuditTrail(user);
  const message = describe(report);
  return report.status === "broken" ? { status: "error", message, fields: {} } : message;
});
