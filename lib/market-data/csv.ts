/**
 * Daily price history from CSV files as common providers export them (Alpha Vantage, Yahoo Finance, Stooq,
 * Nasdaq…): a date column and open, high, low, close, volume in any order, with or without an adjusted close,
 * header names in their various spellings. Pure: text in, rows and the problems found (with line numbers) out.
 */
import Decimal from "decimal.js";

export interface Bar {
  date: string; // YYYY-MM-DD
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: bigint;
  /** The provider's close adjusted for splits and distributions, when the file has one. */
  adjClose?: Decimal;
  /** Cash distributed per share with this day as ex-date, when the file has a dividend column. */
  dividend?: Decimal;
}

export interface CsvProblem {
  line: number;
  message: string;
}

type Column = "date" | "open" | "high" | "low" | "close" | "adjclose" | "dividend" | "volume" | "symbol";

/** "1. open", "Open", "OPEN", "adj close", "5. adjusted close", "Close/Last"… → the column it is. */
function columnOf(header: string): Column | null {
  const name = header.toLowerCase().replace(/^\d+\.\s*/, "").replace(/[^a-z]/g, "");
  if (["date", "timestamp", "time", "day"].includes(name)) return "date";
  if (["adjclose", "adjustedclose", "adjclosing"].includes(name)) return "adjclose";
  if (["close", "closelast", "closing", "last"].includes(name)) return "close";
  if (["open", "high", "low", "volume", "symbol"].includes(name)) return name as Column;
  if (name === "vol") return "volume";
  // Alpha Vantage's "7. dividend amount", Yahoo's "Dividends", Tiingo's "divCash".
  if (["dividend", "dividends", "dividendamount", "divcash"].includes(name)) return "dividend";
  if (name === "ticker") return "symbol";
  return null;
}

function parseDate(text: string): string | null {
  const iso = text.match(/^(\d{4})-(\d{2})-(\d{2})/);
  const us = text.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : us ? [us[3], us[1]!.padStart(2, "0"), us[2]!.padStart(2, "0")] : [];
  if (!year) return null;
  const date = `${year}-${month}-${day}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date) ? date : null;
}

function parsePrice(text: string | undefined): Decimal | null {
  if (!text) return null;
  const cleaned = text.replace(/^\$/, "").trim();
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  return new Decimal(cleaned);
}

export function parsePriceCsv(text: string, options: { today: string }): { symbol: string | null; bars: Bar[]; problems: CsvProblem[] } {
  const lines = text.split(/\r?\n/);
  const problems: CsvProblem[] = [];
  const header = (lines[0] ?? "").split(",").map((h) => columnOf(h.trim().replace(/^"|"$/g, "")));
  const index = (column: Column) => header.indexOf(column);
  const missing = (["date", "open", "high", "low", "close"] as const).filter((c) => index(c) < 0);
  if (missing.length) return { symbol: null, bars: [], problems: [{ line: 1, message: `the header has no ${missing.join(", ")} column` }] };

  const seen = new Set<string>();
  const bars: Bar[] = [];
  let symbol: string | null = null;
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (!raw.trim()) return;
    const cells = raw.split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
    if (cells.length < header.length) return void problems.push({ line, message: `expected ${header.length} fields, found ${cells.length}` });
    const date = parseDate(cells[index("date")]!);
    if (!date) return void problems.push({ line, message: `"${cells[index("date")]}" is not a date` });
    if (date > options.today) return void problems.push({ line, message: `${date} is in the future` });
    if (seen.has(date)) return void problems.push({ line, message: `${date} appears twice` });
    const [open, high, low, close] = (["open", "high", "low", "close"] as const).map((c) => parsePrice(cells[index(c)]));
    if (!open || !high || !low || !close || [open, high, low, close].some((p) => p.lessThanOrEqualTo(0))) {
      return void problems.push({ line, message: "a price is missing, zero, negative or not a number" });
    }
    if (low.greaterThan(Decimal.min(open, close)) || high.lessThan(Decimal.max(open, close))) {
      return void problems.push({ line, message: "the high and low do not contain the open and close" });
    }
    const volumeText = index("volume") >= 0 ? cells[index("volume")]! : "0";
    const volume = /^\d+(\.0+)?$/.test(volumeText) ? BigInt(volumeText.split(".")[0]!) : null;
    if (volume === null) return void problems.push({ line, message: `"${volumeText}" is not a volume` });
    if (index("symbol") >= 0) symbol ??= cells[index("symbol")]!.toUpperCase();
    const optional = (column: Column) => (index(column) >= 0 && cells[index(column)] !== "" ? parsePrice(cells[index(column)]) : undefined);
    const adjClose = optional("adjclose");
    const dividend = optional("dividend");
    if (adjClose === null || dividend === null) return void problems.push({ line, message: "the adjusted close or dividend is not a number" });
    seen.add(date);
    bars.push({ date, open, high, low, close, volume, ...(adjClose && { adjClose }), ...(dividend && !dividend.isZero() && { dividend }) });
  });
  bars.sort((a, b) => a.date.localeCompare(b.date));
  return { symbol, bars, problems };
}
