import type Decimal from "decimal.js";
import { AllocationDonut } from "@/components/charts/allocation-donut";
import { ASSET_CLASS_LABELS } from "@/components/investing/allocation-table";
import type { ClassAllocation } from "@/lib/portfolio/allocation";
import { TableScroll } from "@/components/ui/table-scroll";

const COLOURS: Record<ClassAllocation["assetClass"], string> = {
  US_STOCKS: "#1d5fd1",
  DEVELOPED_MARKETS: "#3d8bd9",
  EMERGING_MARKETS: "#7db3e8",
  US_BONDS: "#1f8a5b",
  TREASURIES: "#4fb286",
  INFLATION_PROTECTED: "#8fd1b0",
  REAL_ESTATE: "#b5651d",
  GOLD: "#c9a227",
  CASH: "#8a8f98",
  OTHER: "#5b5f66",
};

const label = (assetClass: ClassAllocation["assetClass"]) => (assetClass === "OTHER" ? "Other" : ASSET_CLASS_LABELS[assetClass]);
const percent = (fraction: Decimal) => `${fraction.times(100).toFixed(1)}%`;
const signedPoints = (fraction: Decimal) => {
  const points = fraction.times(100).toFixed(1);
  return points === "0.0" || points === "-0.0" ? "0.0 points" : `${fraction.isNegative() ? "" : "+"}${points} points`;
};

/** The portfolio by asset class against its target: a donut (target inside, actual outside) and the same as a table. */
export function AllocationVsTarget({ rows }: { rows: ClassAllocation[] }) {
  const summary = rows.map((row) => `${label(row.assetClass)} ${percent(row.actual)} (target ${percent(row.target)})`).join(", ");
  return (
    <section aria-labelledby="allocation-heading" className="card">
      <h2 id="allocation-heading">Allocation by asset class</h2>
      <p className="muted">Inner ring: your target. Outer ring: what you hold now. Cash waiting to be invested is not included.</p>
      <div className="allocation-layout" role="group" aria-label={`Allocation: ${summary}`}>
        <AllocationDonut
          slices={rows.map((row) => ({ label: label(row.assetClass), actual: row.actual.times(100).toNumber(), target: row.target.times(100).toNumber(), colour: COLOURS[row.assetClass] }))}
        />
        <TableScroll label="Actual and target by asset class">
          <table>
            <caption>Actual and target by asset class</caption>
            <thead>
              <tr>
                <th scope="col">Asset class</th>
                <th scope="col" className="number">
                  Actual
                </th>
                <th scope="col" className="number">
                  Target
                </th>
                <th scope="col" className="number">
                  Difference
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.assetClass}>
                  <th scope="row">
                    <span className="legend-swatch" style={{ background: COLOURS[row.assetClass] }} aria-hidden="true" /> {label(row.assetClass)}
                  </th>
                  <td className="number">{percent(row.actual)}</td>
                  <td className="number">{percent(row.target)}</td>
                  <td className="number">{signedPoints(row.difference)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
    </section>
  );
}
