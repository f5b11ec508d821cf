/**
 * Writes prisma/demo-history.csv, the shape of the demo funds' daily closes over the demo investor's history
 * (prisma/demo-history.ts), from real daily price files (`date,1. open,2. high,3. low,4. close,5. volume`, oldest
 * first, not adjusted: the format of Alpha Vantage's downloads). Run once by hand; the CSV is committed, the
 * price files are not (they are public data kept outside the project).
 *
 *   npx tsx scripts/seed/demo-prices.ts <folder with VTI.csv EFA.csv VWO.csv AGG.csv TLT.csv VNQ.csv GLD.csv> [rows]
 *
 * Each column is a demo fund; where the real fund's file is not there, a close proxy stands in:
 *   VTI, VWO, VNQ, GLD  their own closes
 *   VEA                 EFA's closes (developed markets outside the US, the same index family)
 *   BND, TIP            AGG's closes (the US bond market; TIP has no file, AGG's is the nearest in shape)
 *   IEF                 TLT's daily log returns × IEF_SCALE, compounded from 100 (IEF, 7-10 year Treasuries, has
 *                       about 0.45 of TLT's duration, so about 0.45 of its daily moves)
 *   SGOV                a Treasury-bill fund: no real file; it accrues CASH_YIELD a year by the calendar day and
 *                       drops back on the first trading day of each month (its monthly distribution's ex-date)
 * Only the shape matters: the seed rescales every column so its last close is today's demo price and lays the
 * rows on the weekdays before the seed date.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Decimal from "decimal.js";

export const IEF_SCALE = "0.45";
export const CASH_YIELD = "0.05";
const OWN = ["VTI", "VWO", "VNQ", "GLD"];
const FILES = ["VTI", "EFA", "VWO", "AGG", "TLT", "VNQ", "GLD"];

function closes(folder: string, symbol: string): Map<string, string> {
  const [, ...lines] = readFileSync(path.join(folder, `${symbol}.csv`), "utf8").trim().split("\n");
  return new Map(lines.map((line) => line.split(",")).map((cells) => [cells[0]!, cells[4]!]));
}

function main() {
  const [folder, count = "300"] = process.argv.slice(2);
  if (!folder) throw new Error("usage: tsx scripts/seed/demo-prices.ts <price folder> [rows]");
  const series = Object.fromEntries(FILES.map((symbol) => [symbol, closes(folder, symbol)]));
  const dates = [...series.VTI!.keys()].filter((date) => FILES.every((symbol) => series[symbol]!.has(date))).sort().slice(-Number(count));
  const close = (symbol: string, date: string) => new Decimal(series[symbol]!.get(date)!);

  let ief = new Decimal(100);
  let sgov = new Decimal(100);
  const rows = dates.map((date, i) => {
    if (i > 0) {
      const previous = dates[i - 1]!;
      const tlt = close("TLT", date).dividedBy(close("TLT", previous)).ln();
      ief = ief.times(tlt.times(IEF_SCALE).exp());
      const days = (Date.parse(date) - Date.parse(previous)) / 86_400_000;
      sgov = date.slice(0, 7) !== previous.slice(0, 7) ? new Decimal(100) : sgov.times(new Decimal(CASH_YIELD).times(days).dividedBy(365).plus(1));
    }
    const cell = (value: Decimal) => value.toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toString();
    const own = Object.fromEntries(OWN.map((symbol) => [symbol, cell(close(symbol, date))]));
    return [date, own.VTI, cell(close("EFA", date)), own.VWO, cell(close("AGG", date)), cell(ief), cell(close("AGG", date)), own.VNQ, own.GLD, cell(sgov)].join(",");
  });
  // A split shows as a jump no market day makes: refuse rather than write it into the demo's history.
  for (const symbol of FILES) {
    for (let i = 1; i < dates.length; i++) {
      const move = close(symbol, dates[i]!).dividedBy(close(symbol, dates[i - 1]!)).minus(1).abs();
      if (move.greaterThan("0.15")) throw new Error(`${symbol} moved ${move.times(100).toFixed(1)} % on ${dates[i]}: a split? Pick another range.`);
    }
  }
  const out = path.join(import.meta.dirname, "../../prisma/demo-history.csv");
  writeFileSync(out, `date,VTI,VEA,VWO,BND,IEF,TIP,VNQ,GLD,SGOV\n${rows.join("\n")}\n`);
  console.log(`${out}: ${rows.length} days, ${dates[0]} to ${dates.at(-1)}`);
}

main();
