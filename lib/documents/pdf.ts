/**
 * Statements and trade confirmations as PDF (pdfkit, its standard Helvetica: no font files of ours). A document is
 * rendered once, by the workflow that generates it, and kept; the layout is a column of labelled tables that reads
 * in order when the PDF is read aloud or copied as text.
 */
import PDFDocument from "pdfkit";
import { formatMoney } from "../money";
import {
  maskedAccount,
  newYorkDate,
  newYorkDateTime,
  realisedGains,
  statementFigures,
  dayName,
  monthName,
  type StatementBooks,
  type Trade,
} from "./statement";

const MARGIN = 50;
const WIDTH = 612 - 2 * MARGIN; // US Letter

type Doc = PDFKit.PDFDocument;
type Align = "left" | "right";
interface Column {
  header: string;
  width: number;
  align?: Align;
}

function render(title: string, draw: (doc: Doc) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "LETTER", margin: MARGIN, info: { Title: title, Author: "Autovest" }, lang: "en-US", displayTitle: true });
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    draw(doc);
    doc.end();
  });
}

function heading(doc: Doc, text: string) {
  if (doc.y > 680) doc.addPage();
  doc.moveDown(0.8).font("Helvetica-Bold").fontSize(12).text(text, MARGIN, doc.y).moveDown(0.3).font("Helvetica").fontSize(10);
}

function row(doc: Doc, columns: Column[], cells: string[], bold = false) {
  if (doc.y > 720) doc.addPage();
  const y = doc.y;
  let x = MARGIN;
  let bottom = y;
  doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(10);
  columns.forEach((column, i) => {
    doc.text(cells[i] ?? "", x, y, { width: column.width - 6, align: column.align ?? "left" });
    bottom = Math.max(bottom, doc.y);
    x += column.width;
  });
  doc.x = MARGIN;
  doc.y = bottom + 2;
}

function table(doc: Doc, columns: Column[], rows: string[][], total?: string[]) {
  row(doc, columns, columns.map((c) => c.header), true);
  doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + WIDTH, doc.y).lineWidth(0.5).stroke();
  doc.y += 3;
  for (const cells of rows) row(doc, columns, cells);
  if (total) {
    doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + WIDTH, doc.y).lineWidth(0.5).stroke();
    doc.y += 3;
    row(doc, columns, total, true);
  }
}

function header(doc: Doc, title: string, lines: string[]) {
  doc.font("Helvetica-Bold").fontSize(18).text("Autovest", MARGIN, MARGIN);
  doc.font("Helvetica-Bold").fontSize(14).text(title).moveDown(0.3);
  doc.font("Helvetica").fontSize(10);
  for (const line of lines) doc.text(line);
}

const ACCOUNT_TYPES: Record<string, string> = { TAXABLE: "Taxable account", IRA: "Traditional IRA", ROTH_IRA: "Roth IRA" };

const TRADE_COLUMNS: Column[] = [
  { header: "Date", width: 90 },
  { header: "Fund", width: 70 },
  { header: "Action", width: 60 },
  { header: "Shares", width: 90, align: "right" },
  { header: "Price", width: 90, align: "right" },
  { header: "Amount", width: WIDTH - 400, align: "right" },
];

function tradeRows(trades: Trade[], currency: string, when: (at: Date) => string): string[][] {
  return trades.map((t) => [when(t.at), t.symbol, t.side === "BUY" ? "Bought" : "Sold", t.quantity, `$${t.price}`, formatMoney(t.amount, currency)]);
}

/** A month's statement: summary that reconciles, money in and out, trades, holdings at the end, realised gains. */
export function renderStatement(books: StatementBooks): Promise<Buffer> {
  const currency = books.account.currency;
  const m = (cents: bigint) => formatMoney(cents, currency);
  const f = statementFigures(books);
  const gains = realisedGains(books.disposals);
  const title = `Statement for ${monthName(books.period.start)}`;
  return render(title, (doc) => {
    header(doc, title, [
      `${books.account.holderName} · ${maskedAccount(books.account.id)} · ${ACCOUNT_TYPES[books.account.type] ?? books.account.type}`,
      `Period: ${dayName(books.period.start)} to ${dayName(books.period.end)}${books.monthToDate ? ` (month to date, generated ${newYorkDateTime(books.generatedAt)})` : ""}`,
      ...(books.monthToDate ? ["Month to date: an interim statement made on request before the month ended; the month's statement follows it."] : []),
    ]);

    heading(doc, "Summary");
    const summary: Column[] = [
      { header: "", width: WIDTH - 160 },
      { header: "Amount", width: 160, align: "right" },
    ];
    table(
      doc,
      summary,
      [
        ["Opening value", m(f.openingValue)],
        ["Deposits", m(f.deposits)],
        ["Withdrawals", m(-f.withdrawals)],
        ["Dividends", m(f.dividends)],
        ["Fees", m(-f.fees)],
        ...(f.adjustments !== 0n ? [["Refunds, disputes and corrections", m(f.adjustments)]] : []),
        ["Market change", m(f.marketChange)],
      ],
      ["Closing value", m(f.closingValue)],
    );

    heading(doc, "Money in and out");
    const flows = books.entries.filter((e) => e.kind !== "TRADE");
    if (flows.length === 0) doc.text("No deposits, withdrawals, dividends or fees this period.");
    else {
      const kindName: Record<string, string> = {
        DEPOSIT: "Deposit",
        WITHDRAWAL: "Withdrawal",
        DIVIDEND: "Dividend",
        FEE: "Fee",
        REFUND: "Refund",
        DISPUTE: "Dispute",
        REVERSAL: "Correction",
        TRANSFER: "Transfer",
      };
      table(
        doc,
        [
          { header: "Date", width: 90 },
          { header: "Type", width: 80 },
          { header: "Description", width: WIDTH - 290 },
          { header: "Amount", width: 120, align: "right" },
        ],
        flows.map((e) => [newYorkDate(e.at), kindName[e.kind] ?? e.kind, e.memo ?? "", m(e.amount)]),
      );
    }

    heading(doc, "Trades");
    if (books.trades.length === 0) doc.text("No trades this period.");
    else table(doc, TRADE_COLUMNS, tradeRows(books.trades, currency, newYorkDate));

    heading(doc, `Holdings on ${dayName(books.period.end)}`);
    table(
      doc,
      [
        { header: "Fund", width: 45 },
        { header: "Name", width: WIDTH - 270 },
        { header: "Shares", width: 85, align: "right" },
        { header: "Price", width: 75, align: "right" },
        { header: "Value", width: 110, align: "right" },
      ],
      [
        ...books.holdings.map((h) => [h.symbol, h.name, h.quantity, h.price ? `$${h.price}` : "no price", m(h.value)]),
        ["Cash", "Cash (available and held)", "", "", m(books.closingCash)],
      ],
      ["Total", "", "", "", m(f.closingValue)],
    );

    heading(doc, "Realised gains");
    if (books.disposals.length === 0) doc.text("No sales this period: no gains or losses realised.");
    else {
      table(
        doc,
        [
          { header: "Sold", width: 80 },
          { header: "Fund", width: 60 },
          { header: "Shares", width: 80, align: "right" },
          { header: "Proceeds", width: 90, align: "right" },
          { header: "Cost", width: 90, align: "right" },
          { header: "Gain", width: 60, align: "right" },
          { header: "Term", width: WIDTH - 460 },
        ],
        books.disposals.map((d) => [newYorkDate(d.soldAt), d.symbol, d.quantity, m(d.proceeds), m(d.basis), m(d.gain), d.term === "LONG" ? "Long" : "Short"]),
      );
    }
    doc.moveDown(0.3).text(`Short-term: ${m(gains.shortTerm)} · Long-term: ${m(gains.longTerm)} · Total: ${m(gains.total)}`, MARGIN);

    doc
      .moveDown(1.2)
      .fontSize(8)
      .fillColor("#444")
      .text(
        "Values are the account's value at the end of each day (00:00 UTC): holdings at their closing prices, rounded down to the cent, plus cash. " +
          (books.monthToDate ? "The closing value is the account's value when this statement was made, at the latest prices. " : "") +
          "Entries are counted on the day they were booked; dates are New York dates. The market change is the closing value less the opening value and the money in and out.",
        MARGIN,
      );
  });
}

export interface ConfirmationData {
  account: { id: string; currency: string; holderName: string };
  /** The trade date (YYYY-MM-DD, New York). */
  day: string;
  trades: Trade[];
  generatedAt: Date;
}

/** One trade day's confirmation: every fill of the day with its price and amount. */
export function renderConfirmation(data: ConfirmationData): Promise<Buffer> {
  const m = (cents: bigint) => formatMoney(cents, data.account.currency);
  const title = `Trade confirmation for ${dayName(data.day)}`;
  const bought = data.trades.filter((t) => t.side === "BUY").reduce((sum, t) => sum + t.amount, 0n);
  const sold = data.trades.filter((t) => t.side === "SELL").reduce((sum, t) => sum + t.amount, 0n);
  return render(title, (doc) => {
    header(doc, title, [`${data.account.holderName} · ${maskedAccount(data.account.id)}`, `Trade date: ${dayName(data.day)} (New York)`]);
    heading(doc, "Trades");
    table(doc, TRADE_COLUMNS, tradeRows(data.trades, data.account.currency, newYorkDateTime));
    doc.moveDown(0.3).text(`Bought: ${m(bought)} · Sold: ${m(sold)}`, MARGIN);
    doc
      .moveDown(1.2)
      .fontSize(8)
      .fillColor("#444")
      .text("Orders were placed by Autovest for your account as your model portfolio directs; fractional shares to a millionth. Settlement T+1.", MARGIN);
  });
}
