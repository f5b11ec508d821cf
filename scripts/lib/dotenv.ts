import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";

/** Loads .env like Next.js does (the environment wins over the file), for scripts that run beside it. */
export function loadDotEnv(file = ".env"): void {
  if (!existsSync(file)) return;
  for (const [key, value] of Object.entries(parseEnv(readFileSync(file, "utf8")))) {
    process.env[key] ??= value;
  }
}
