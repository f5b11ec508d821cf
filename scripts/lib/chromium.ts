import { existsSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * The Chromium the browser tests drive: CHROMIUM_PATH, then Debian's /usr/bin/chromium, then a browser
 * Playwright installed itself. Never downloads one (our machines cannot).
 */
export function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", playwrightsOwnChromium()];
  const found = candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate));
  if (found) return found;
  throw new Error(
    [
      "No Chromium found for the browser tests. Looked at:",
      `  CHROMIUM_PATH (${process.env.CHROMIUM_PATH ?? "not set"}), /usr/bin/chromium, and Playwright's own browser.`,
      "Get one with either:",
      "  sudo apt-get install -y chromium            (Debian/Ubuntu; what CI does)",
      "  npx playwright install chromium             (where downloads are allowed)",
      "or point CHROMIUM_PATH at a Chromium or Chrome binary.",
    ].join("\n"),
  );
}

function playwrightsOwnChromium(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require("playwright-core") as { chromium: { executablePath(): string } };
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}
