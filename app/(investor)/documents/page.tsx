import type { Metadata } from "next";
import { DocumentsTable } from "@/components/documents/documents-table";
import { requirePageUser } from "@/lib/auth/guards";
import { documentsOfInvestor } from "@/lib/documents/documents";

export const metadata: Metadata = { title: "Documents" };

export default async function DocumentsPage() {
  const user = await requirePageUser("/documents", ["INVESTOR"]);
  const documents = await documentsOfInvestor(user);
  return (
    <main>
      <h1>Documents</h1>
      <p className="lede">
        Your monthly statements and the confirmations of each day we traded for you. We make a statement after each month ends and a
        confirmation after each trading day with trades; we tell you when one is ready.
      </p>
      {documents.length === 0 ? (
        <p>No documents yet: your first statement arrives after the end of your first month.</p>
      ) : (
        <DocumentsTable documents={documents} caption="Your statements and trade confirmations, newest first" />
      )}
    </main>
  );
}
