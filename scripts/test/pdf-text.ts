/**
 * The text of a PDF, page by page, read with Mozilla's pdf.js (what a browser shows): tests check a generated document
 * says what it should, as a reader of it would see it. Each line of the result is one line of the page.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/** pdf.js's own copies of the standard fonts, which a PDF using Helvetica names without embedding. */
const standardFontDataUrl = `${path.join(path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json")), "standard_fonts")}/`;

export async function pdfText(content: Uint8Array): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(content), standardFontDataUrl, isEvalSupported: false }).promise;
  const lines: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const { items } = await page.getTextContent();
    // Group text runs by their baseline, left to right, so a table row reads as one line.
    const rows = new Map<number, { x: number; text: string }[]>();
    for (const item of items) {
      if (!("str" in item) || !item.str.trim()) continue;
      const y = Math.round(item.transform[5] as number);
      rows.set(y, [...(rows.get(y) ?? []), { x: item.transform[4] as number, text: item.str }]);
    }
    for (const y of [...rows.keys()].sort((a, b) => b - a)) {
      lines.push(rows.get(y)!.sort((a, b) => a.x - b.x).map((run) => run.text).join(" "));
    }
  }
  await pdf.destroy();
  return lines.join("\n");
}
