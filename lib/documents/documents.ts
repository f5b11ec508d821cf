/**
 * Who sees which kept documents: an investor their own accounts', an advisor their clients', an admin everyone's
 * (lib/advisor/clients.ts decides who is whose client). Anyone else gets 404, never learning a document exists.
 * Lists carry what a document is, never its content.
 */
import { z } from "zod";
import { clientFor } from "../advisor/clients";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { NotFound } from "../errors";
import { NO_REQUEST_CONTEXT, type RequestContext } from "../http/request-context";
import { documentFileName, documentTitle } from "./statement";

export interface DocumentView {
  id: string;
  investmentAccountId: string;
  kind: "STATEMENT" | "TRADE_CONFIRMATION";
  title: string;
  /** YYYY-MM-DD. */
  periodStart: string;
  periodEnd: string;
  monthToDate: boolean;
  fileName: string;
  size: number;
  sha256: string;
  createdAt: Date;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

const VIEW = { id: true, investmentAccountId: true, kind: true, periodStart: true, periodEnd: true, monthToDate: true, size: true, sha256: true, createdAt: true } as const;

function viewOf(row: { id: string; investmentAccountId: string; kind: DocumentView["kind"]; periodStart: Date; periodEnd: Date; monthToDate: boolean; size: number; sha256: string; createdAt: Date }): DocumentView {
  const period = { kind: row.kind, periodStart: isoDay(row.periodStart), periodEnd: isoDay(row.periodEnd), monthToDate: row.monthToDate };
  return { ...row, ...period, title: documentTitle(period), fileName: documentFileName(row.kind, period.periodStart) };
}

/** An account's documents, newest period first (a statement before the confirmations of its month's last day). */
export async function documentsOfAccount(investmentAccountId: string, limit = 500): Promise<DocumentView[]> {
  const rows = await db.document.findMany({
    where: { investmentAccountId },
    orderBy: [{ periodEnd: "desc" }, { kind: "asc" }, { createdAt: "desc" }],
    take: limit,
    select: VIEW,
  });
  return rows.map(viewOf);
}

/** Every document of the investor's accounts, newest first. */
export async function documentsOfInvestor(user: CurrentUser): Promise<DocumentView[]> {
  if (user.role !== "INVESTOR") return [];
  const accounts = await db.investmentAccount.findMany({ where: { userId: user.id }, select: { id: true } });
  const lists = await Promise.all(accounts.map((account) => documentsOfAccount(account.id)));
  return lists.flat().sort((a, b) => b.periodEnd.localeCompare(a.periodEnd) || a.kind.localeCompare(b.kind));
}

/** A client's documents, for their advisor (or an admin). */
export async function documentsOfClient(actor: CurrentUser, clientId: string): Promise<DocumentView[]> {
  const client = await clientFor(actor, clientId);
  const accounts = await db.investmentAccount.findMany({ where: { userId: client.id }, select: { id: true } });
  return (await Promise.all(accounts.map((account) => documentsOfAccount(account.id)))).flat();
}

/**
 * A document's file, for the owner of its account, or that investor's advisor or an admin; 404 for anyone else
 * (another investor, another advisor's client, an id that is not one).
 */
export async function documentFile(actor: CurrentUser, documentId: unknown, context: RequestContext = NO_REQUEST_CONTEXT): Promise<{ view: DocumentView; content: Uint8Array }> {
  const id = z.uuid().safeParse(documentId);
  const row = id.success
    ? await db.document.findUnique({ where: { id: id.data }, select: { ...VIEW, content: true, investmentAccount: { select: { userId: true } } } })
    : null;
  if (!row) throw new NotFound("No such document.");
  const owner = row.investmentAccount.userId;
  if (actor.role === "INVESTOR") {
    if (actor.id !== owner) throw new NotFound("No such document.");
  } else {
    await clientFor(actor, owner, context);
  }
  const { content, investmentAccount: _account, ...view } = row;
  return { view: viewOf(view), content };
}

/** One document of `investmentAccountId` (already checked as the reader's), with its file; 404 when it is another account's. */
export async function accountDocumentFile(investmentAccountId: string, documentId: unknown): Promise<{ view: DocumentView; content: Uint8Array }> {
  const id = z.uuid().safeParse(documentId);
  const row = id.success ? await db.document.findFirst({ where: { id: id.data, investmentAccountId }, select: { ...VIEW, content: true } }) : null;
  if (!row) throw new NotFound("No such document.");
  const { content, ...view } = row;
  return { view: viewOf(view), content };
}

/** The HTTP answer for a document's file: a PDF to save, never cached, never sniffed. */
export function pdfResponse(document: { view: DocumentView; content: Uint8Array }): Response {
  return new Response(new Uint8Array(document.content), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${document.view.fileName}"`,
      "content-length": String(document.content.length),
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
