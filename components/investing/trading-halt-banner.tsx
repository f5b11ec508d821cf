import Link from "next/link";
import { tradingHalt } from "@/lib/investing/trading-halt";

/**
 * While trading is halted: on every investor page, that their money is safe and waiting; on the staff overview,
 * that it is halted and why, with the way to the operations page where an admin lifts it.
 */
export async function TradingHaltBanner({ audience }: { audience: "investor" | "staff" }) {
  const halt = await tradingHalt();
  if (!halt.halted) return null;
  if (audience === "investor") {
    return (
      <aside className="halt-banner" aria-label="Trading is paused">
        <p>
          <strong>Trading is paused by Autovest.</strong> Your money is safe: cash and holdings are unchanged and deposits will be invested when
          trading resumes.
        </p>
      </aside>
    );
  }
  return (
    <aside className="halt-banner halt-banner-staff" aria-label="Trading is halted">
      <p>
        <strong>Trading is halted for every account.</strong>
        {halt.reason && ` Reason: ${halt.reason}.`} Invest and rebalance runs wait until it is lifted. <Link href="/admin/operations">Go to operations</Link>
      </p>
    </aside>
  );
}
