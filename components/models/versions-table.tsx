import { percentText, type ModelVersionSummary } from "@/lib/investing/models";
import { currentUser } from "@/lib/auth/guards";
import { viewerFormatFor } from "@/lib/format/viewer";

/** Every version of a model, newest first, with how many accounts follow each. */
export async function VersionsTable({ versions, caption }: { versions: ModelVersionSummary[]; caption: string }) {
  const format = await viewerFormatFor(await currentUser());

  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Published</th>
          <th scope="col" className="number">
            Drift band
          </th>
          <th scope="col" className="number">
            Accounts
          </th>
        </tr>
      </thead>
      <tbody>
        {versions.map((version) => (
          <tr key={version.id}>
            <th scope="row">Version {version.version}</th>
            <td>{format.date(version.publishedAt)}</td>
            <td className="number">{percentText(version.driftBand)}%</td>
            <td className="number">{version.accounts}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
