import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { env } from "../env";
import { NotFound } from "../errors";
import { parseEml, type ParsedEmail } from "./eml";

export interface DevelopmentEmail extends ParsedEmail {
  file: string;
}

/**
 * The newest emails written under MAIL_DIR (development and tests, where no SMTP server is set), newest first.
 * There is no such mailbox in production.
 */
export async function developmentMailbox(limit = 50): Promise<DevelopmentEmail[]> {
  const config = env();
  if (config.isProduction) throw new NotFound();
  const names = await readdir(config.MAIL_DIR).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  // Names start with the time they were written, so the newest sort last.
  const newest = names.filter((name) => name.endsWith(".eml")).sort().reverse().slice(0, limit);
  return Promise.all(
    newest.map(async (file) => ({ file, ...parseEml(await readFile(path.join(config.MAIL_DIR, file), "utf8")) })),
  );
}
