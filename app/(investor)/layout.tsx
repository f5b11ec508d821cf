import type { ReactNode } from "react";
import { TradingHaltBanner } from "@/components/investing/trading-halt-banner";

/** Every investor page: the trading-halt banner above the page while trading is paused. */
export default function InvestorLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <TradingHaltBanner audience="investor" />
      {children}
    </>
  );
}
