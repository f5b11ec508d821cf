import type { Metadata } from "next";
import Link from "next/link";
import { CapacityBadge, SignedRatio, plainPercent } from "@/components/strategies/strategy-figures";
import { requirePageUser } from "@/lib/auth/guards";
import { listStrategies } from "@/lib/strategies/views";
import { TableScroll } from "@/components/ui/table-scroll";

export const metadata: Metadata = { title: "Strategies" };

export default async function StrategiesPage() {
  const user = await requirePageUser("/strategies", ["INVESTOR"]);
  const strategies = await listStrategies(user);
  return (
    <main>
      <h1>Strategies</h1>
      <p className="lede">
        Model portfolios our advisors publish for you to follow. Each track record is the model’s own history: its published weights applied to
        the funds’ real closing prices and income, after our advisory fee. Past returns do not promise future ones.
      </p>
      {strategies.length === 0 ? (
        <p>No strategies are published yet.</p>
      ) : (
        <TableScroll label="Strategies">
          <table className="stacked-table">
            <caption>Public strategies, most cautious first (returns after fees)</caption>
            <thead>
              <tr>
                <th scope="col">Strategy</th>
                <th scope="col">Risk</th>
                <th scope="col" className="number">
                  Since inception
                </th>
                <th scope="col" className="number">
                  Last 12 months
                </th>
                <th scope="col" className="number">
                  Volatility
                </th>
                <th scope="col" className="number">
                  Largest fall
                </th>
                <th scope="col">Followers</th>
              </tr>
            </thead>
            <tbody>
              {strategies.map((s) => (
                <tr key={s.slug}>
                  <td data-label="Strategy">
                    <Link href={`/strategies/${s.slug}`}>{s.name}</Link>
                    <p className="muted">{s.description}</p>
                    {s.following && <span className="badge">You follow it</span>}
                  </td>
                  <td data-label="Risk">
                    {s.risk ? `Level ${s.risk.level} of ${s.risk.of}` : "—"} <CapacityBadge capacity={s.capacity} />
                  </td>
                  <td data-label="Since inception" className="number">
                    <SignedRatio ratio={s.record?.net.sinceInception ?? null} />
                  </td>
                  <td data-label="Last 12 months" className="number">
                    <SignedRatio ratio={s.record?.net.oneYear ?? null} />
                  </td>
                  <td data-label="Volatility" className="number">
                    {s.record ? plainPercent(s.record.net.volatility) : "—"}
                  </td>
                  <td data-label="Largest fall" className="number">
                    {s.record ? (s.record.net.maxDrawdown === 0 ? "0.00%" : `−${plainPercent(s.record.net.maxDrawdown)}`) : "—"}
                  </td>
                  <td data-label="Followers">{s.followers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <p className="muted">
        “—” means the strategy’s history does not cover the period yet. Follower counts under 5 are not shown, so that nobody can be picked out.
      </p>
    </main>
  );
}
