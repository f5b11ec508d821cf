import type Decimal from "decimal.js";
import { formatMoney } from "@/lib/money";
import type { HoldingRow } from "@/lib/investing/portfolio";
import { TableScroll } from "@/components/ui/table-scroll";

const percent = (fraction: Decimal) => `${fraction.times(100).toFixed(1)}%`;

export function HoldingsTable({ rows, detailed = false }: { rows: HoldingRow[]; detailed?: boolean }) {
  return (
    <TableScroll label="Holdings">
      <table className="stacked-table">
        <caption>Holdings at the latest prices</caption>
        <thead>
          <tr>
            <th scope="col">Fund</th>
            <th scope="col" className="number">Shares</th>
            <th scope="col" className="number">Price</th>
            <th scope="col" className="number">Value</th>
            <th scope="col" className="number">Weight</th>
            <th scope="col" className="number">Target</th>
            {detailed && (
              <>
                <th scope="col" className="number">Cost basis</th>
                <th scope="col" className="number">Unrealised gain</th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.symbol}>
              <th scope="row">
                <abbr title={row.name}>{row.symbol}</abbr>
              </th>
              <td data-label="Shares" className="number">
                {row.quantity.toFixed(6)}
              </td>
              <td data-label="Price" className="number">
                ${row.price.toFixed(2)}
              </td>
              <td data-label="Value" className="number">
                {formatMoney(row.value)}
              </td>
              <td data-label="Weight" className="number">
                {percent(row.weight)}
              </td>
              <td data-label="Target" className="number">
                {percent(row.target)}
              </td>
              {detailed && (
                <>
                  <td data-label="Cost basis" className="number">
                    {formatMoney(row.costBasis)}
                  </td>
                  <td data-label="Unrealised gain" className="number">
                    {formatMoney(row.value - row.costBasis)}
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
