import { percentText, type ModelAllocation, type ModelVersionSummary } from "@/lib/investing/models";

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

/** A version's target weights, exactly as published (to four decimals of a percent, not rounded). */
export function WeightsTable({ allocation, caption }: { allocation: ModelAllocation[]; caption: string }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Fund</th>
          <th scope="col" className="number">
            Weight
          </th>
        </tr>
      </thead>
      <tbody>
        {allocation.map((row) => (
          <tr key={row.symbol}>
            <td>
              <abbr title={row.name}>{row.symbol}</abbr> {row.name}
            </td>
            <td className="number">{percentText(row.weight)}%</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every version of a model, newest first, with how many accounts follow each. */
export function VersionsTable({ versions, caption }: { versions: ModelVersionSummary[]; caption: string }) {
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
            <td>{dateFormat.format(version.publishedAt)}</td>
            <td className="number">{percentText(version.driftBand)}%</td>
            <td className="number">{version.accounts}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
