import type { DocumentView } from "@/lib/documents/documents";
import { currentUser } from "@/lib/auth/guards";
import { viewerFormatFor } from "@/lib/format/viewer";

const KIND_NAMES = { STATEMENT: "Statement", TRADE_CONFIRMATION: "Trade confirmation" } as const;

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * Statements and trade confirmations, newest first, each a download link named for what it is (for the investor's
 * Documents page and the advisor's client page). On a phone each document is a card.
 */
export async function DocumentsTable({ documents, caption }: { documents: DocumentView[]; caption: string }) {
  const format = await viewerFormatFor(await currentUser());

  return (
    <table className="stacked-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Document</th>
          <th scope="col">Type</th>
          <th scope="col">Made on</th>
          <th scope="col">Download</th>
        </tr>
      </thead>
      <tbody>
        {documents.map((d) => (
          <tr key={d.id}>
            <th scope="row">{d.title}</th>
            <td data-label="Type">{KIND_NAMES[d.kind]}</td>
            <td data-label="Made on">{format.date(d.createdAt)}</td>
            <td>
              {/* A plain link: the browser saves the PDF (Content-Disposition: attachment) with its file name. */}
              <a href={`/documents/${d.id}`} download={d.fileName} aria-label={`Download ${d.title} (PDF, ${size(d.size)})`}>
                Download PDF <span className="muted">({size(d.size)})</span>
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
