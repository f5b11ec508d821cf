/**
 * The set-up the split scenarios share: VTI's real daily bars around its 2:1 split of 18 June 2008 (VTI.csv), with
 * the bars from the ex-date restated for the scenario's ratio (the real 2:1 undone, the scenario's applied), so each
 * scenario is the real market around a split of its own ratio. Two investors on the balanced model bought $1,000
 * at VTI's close before the ex-date (136.00): one on 17 June (before the ex-date), one on 19 June (after it).
 */
import Decimal from "decimal.js";
import { browser, createUser } from "../../../scripts/test/factories";
import { DEMO_PRICES, fundedInvestor, investAll, setPrices } from "../../../scripts/test/investing";
import { db } from "../../db";
import { recordCorporateAction } from "../corporate-actions";
import { parsePriceCsv } from "../csv";
import { importPriceHistory } from "../import";

const REAL_VTI = `date,1. open,2. high,3. low,4. close,5. volume
2008-06-16,136.29,137.44,135.837,136.98,504300.0
2008-06-17,137.42,137.7,136.0,136.0,610100.0
2008-06-18,67.8,67.89,67.23,67.5,595400.0
2008-06-19,67.6,67.95,67.14,67.7,577900.0
2008-06-20,66.54,67.23,66.31,66.6,926600.0`;

export const EX_DATE = "2008-06-18";

/** The fixture in the scenario's shares: prices from the ex-date on are × 2 × from / to. */
export function vtiBars(toShares: number, fromShares: number) {
  const restate = new Decimal(2).times(fromShares).dividedBy(toShares);
  const { bars } = parsePriceCsv(REAL_VTI, { today: "2026-12-01" });
  return bars.map((bar) =>
    bar.date < EX_DATE ? bar : { ...bar, ...Object.fromEntries((["open", "high", "low", "close"] as const).map((k) => [k, bar[k].times(restate).toDecimalPlaces(6)])) },
  );
}

export async function splitCrossingAHolding(toShares: number, fromShares: number) {
  await setPrices({ ...DEMO_PRICES, VTI: "136.00" });
  const imported = await importPriceHistory("VTI", vtiBars(toShares, fromShares), "import:VTI-scenario.csv");
  const { accountId: holder } = await fundedInvestor(100_000n);
  await investAll(holder);
  const { accountId: laterBuyer } = await fundedInvestor(100_000n);
  await investAll(laterBuyer);
  await db.taxLot.updateMany({ where: { investmentAccountId: holder }, data: { acquiredAt: new Date("2008-06-17T19:00:00Z") } });
  await db.taxLot.updateMany({ where: { investmentAccountId: laterBuyer }, data: { acquiredAt: new Date("2008-06-19T15:00:00Z") } });
  // The latest price is the close before the ex-date, in old shares.
  await db.assetPrice.updateMany({ where: { asset: { symbol: "VTI" } }, data: { asOf: new Date("2008-06-17T20:00:00Z") } });
  const record = async () => {
    const admin = await createUser("ADMIN");
    const flag = await db.priceFlag.findFirstOrThrow({ where: { symbol: "VTI", date: new Date(EX_DATE) } });
    return recordCorporateAction(admin, { kind: "SPLIT", symbol: "VTI", exDate: EX_DATE, toShares: flag.suggestedTo, fromShares: flag.suggestedFrom, flagId: flag.id }, browser());
  };
  return { imported, holder, laterBuyer, record };
}
