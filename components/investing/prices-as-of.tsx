import { Alert } from "@/components/ui/alert";

// Market time on purpose: prices are as of the New York market's clock, and the text says so.
const format = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "America/New_York" });

/** "Prices as of …", with a warning when they are stale (over 15 minutes old while the market is open). */
export function PricesAsOf({ asOf, stale }: { asOf: Date | null; stale: boolean }) {
  if (!asOf) return null;
  const text = `Prices as of ${format.format(asOf)} New York time.`;
  return stale ? <Alert tone="error">{text} They are out of date: values may not reflect the market right now.</Alert> : <p className="muted">{text}</p>;
}
