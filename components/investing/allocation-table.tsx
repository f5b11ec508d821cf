import { percentText, type ModelAllocation } from "@/lib/investing/models";

export const ASSET_CLASS_LABELS: Record<ModelAllocation["assetClass"], string> = {
  US_STOCKS: "US stocks",
  DEVELOPED_MARKETS: "Developed markets",
  EMERGING_MARKETS: "Emerging markets",
  US_BONDS: "US bonds",
  TREASURIES: "US Treasuries",
  INFLATION_PROTECTED: "Inflation-protected bonds",
  REAL_ESTATE: "Real estate",
  GOLD: "Gold",
  CASH: "Cash (T-bills)",
};

/** A model version's target weights, exactly as published (a weight can have four decimals of a percent). */
export function AllocationTable({ allocation, caption }: { allocation: ModelAllocation[]; caption: string }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Asset class</th>
          <th scope="col">Fund</th>
          <th scope="col" className="number">
            Target
          </th>
        </tr>
      </thead>
      <tbody>
        {allocation.map((row) => (
          <tr key={row.symbol}>
            <td>{ASSET_CLASS_LABELS[row.assetClass]}</td>
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
