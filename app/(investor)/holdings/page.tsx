import type { Metadata } from "next";
import Link from "next/link";
import { HoldingsTable } from "@/components/investing/holdings-table";
import { PricesAsOf } from "@/components/investing/prices-as-of";
import { LiveRefresh } from "@/components/live/live-refresh";
import { requirePageUser } from "@/lib/auth/guards";
import { holdingsOverview } from "@/lib/investing/portfolio";
import { priceFreshness } from "@/lib/market-data/freshness";
import { formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "Holdings" };

export default async function HoldingsPage() {
  const user = await requirePageUser("/holdings", ["INVESTOR"]);
  const holdings = await holdingsOverview(user);
  const prices = priceFreshness(holdings.pricesAsOf);
  const cost = holdings.rows.reduce((sum, row) => sum + row.costBasis, 0n);
  return (
    <main>
      <h1>Holdings</h1>
      <LiveRefresh on={["prices", "account"]} />
      <PricesAsOf asOf={prices.asOf} stale={prices.stale} />
      {holdings.rows.length === 0 ? (
        <p>
          You hold no funds yet. <Link href="/deposit">Deposit money</Link> and it is invested for you.
        </p>
      ) : (
        <>
          <dl className="figures">
            <div>
              <dt>Invested value</dt>
              <dd>{formatMoney(holdings.invested)}</dd>
            </div>
            <div>
              <dt>Unrealised gain</dt>
              <dd data-testid="unrealised-gain">{formatMoney(holdings.invested - cost)}</dd>
            </div>
          </dl>
          <HoldingsTable rows={holdings.rows} detailed />
        </>
      )}
    </main>
  );
}
