/**
 * `npm test`: the whole suite. Unit and integration tests (Vitest, on a throwaway embedded PostgreSQL),
 * then the production build, then the browser tests (Playwright in Chromium) against the built app.
 */
import { spawnSync } from "node:child_process";
import { findChromium } from "./lib/chromium";

function run(label: string, command: string, args: string[], env: Record<string, string> = {}): number {
  console.log(`\n▶ ${label}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  console.log(`${ok ? "✔" : "✘"} ${label} ${ok ? "passed" : "FAILED"} in ${seconds}s`);
  return result.status ?? 1;
}

function main(): number {
  // Fail before anything runs if the browser tests could not run at all.
  let chromium: string;
  try {
    chromium = findChromium();
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  const started = Date.now();
  const bin = (name: string) => `node_modules/.bin/${name}`;
  const steps: [string, string, string[], Record<string, string>?][] = [
    ["unit and integration tests", bin("vitest"), ["run"]],
    ["production build", bin("next"), ["build"], { NEXT_TELEMETRY_DISABLED: "1" }],
    ["browser tests", bin("playwright"), ["test"], { CHROMIUM_PATH: chromium }],
  ];
  for (const [label, command, args, env] of steps) {
    const status = run(label, command, args, env);
    if (status !== 0) return status;
  }
  console.log(`\nAll tests passed in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
  return 0;
}

process.exit(main());
