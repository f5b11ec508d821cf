import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium } from "../lib/chromium";
import { countPlaywright } from "./summary";

/**
 * A green run must be able to be red: `npm test` is run on deliberately failing test files, at each level,
 * and must exit non-zero with the failure counted in its last line. The probes are written to a fresh
 * folder inside the project (where the Vitest projects look for tests) and removed afterwards; the outer
 * run collected its files before they existed.
 */
const root = path.resolve(import.meta.dirname, "../..");
let probeDir: string;
let reportsDir: string;

beforeAll(() => {
  probeDir = mkdtempSync(path.join(root, "scripts/test/probe-"));
  reportsDir = mkdtempSync(path.join(tmpdir(), "autovest-probe-reports-"));
  const probe = (name: string, body: string) => writeFileSync(path.join(probeDir, name), body);
  probe("failing.db.test.ts", `import { expect, it } from "vitest";\nit("asserts 1 === 2 on a real database", () => { expect(1).toBe(2); });\n`);
  probe("passing.db.test.ts", `import { expect, it } from "vitest";\nit("asserts 1 === 1", () => { expect(1).toBe(1); });\n`);
  probe("failing.test.ts", `import { expect, it } from "vitest";\nit("asserts 1 === 2", () => { expect(1).toBe(2); });\n`);
  mkdirSync(path.join(probeDir, "browser"));
  probe(
    "browser/failing.spec.ts",
    `import { expect, test } from "@playwright/test";\ntest("a heading that is not there", async ({ page }) => {\n  await page.setContent("<h1>Autovest</h1>");\n  await expect(page.getByRole("heading", { name: "Nowhere" })).toBeVisible({ timeout: 1000 });\n});\n`,
  );
  probe(
    "browser/playwright.config.ts",
    `import { defineConfig } from "@playwright/test";\nexport default defineConfig({ testDir: ".", retries: 0, reporter: [["json", { outputFile: ${JSON.stringify(path.join(reportsDir, "probe-playwright.json"))} }]], use: { launchOptions: { executablePath: ${JSON.stringify(findChromium())} } } });\n`,
  );
});

afterAll(() => {
  rmSync(probeDir, { recursive: true, force: true });
  rmSync(reportsDir, { recursive: true, force: true });
});

/** A clean environment for an inner run: not the outer Vitest worker's own variables. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith("VITEST") || name === "NODE_ENV") delete env[name];
  return env;
}

function npmTest(...files: string[]) {
  const env = { ...cleanEnv(), TEST_REPORTS_DIR: reportsDir };
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/test.ts", ...files], { cwd: root, encoding: "utf8", env });
  const lines = result.stdout.trim().split("\n");
  return { status: result.status, last: lines.at(-1), output: result.stdout + result.stderr };
}

const relative = (name: string) => path.relative(root, path.join(probeDir, name));

describe("a failing test fails the run", { timeout: 180_000 }, () => {
  it("Vitest itself exits non-zero on a failing database test (the embedded PostgreSQL's exit hook no longer turns it into 0)", () => {
    const result = spawnSync(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "--project", "db", relative("failing.db.test.ts")], {
      cwd: root,
      encoding: "utf8",
      env: cleanEnv(),
    });
    expect(result.stdout + result.stderr).toContain("1 failed");
    expect(result.status).toBe(1);
  });

  it("a failing database test and a failing unit test make npm test exit non-zero, each counted in the last line", () => {
    const run = npmTest(relative("failing.db.test.ts"), relative("passing.db.test.ts"), relative("failing.test.ts"));
    expect(run.last, run.output).toBe("1 passed, 2 failed");
    expect(run.status).not.toBe(0);
  });

  it("the same files, passing, exit zero: the probe can be green", () => {
    const run = npmTest(relative("passing.db.test.ts"));
    expect(run.last, run.output).toBe("1 passed, 0 failed");
    expect(run.status).toBe(0);
  });

  it("a failing browser test makes Playwright exit non-zero, and its report counts the failure", () => {
    const result = spawnSync(process.execPath, [path.join(root, "node_modules/@playwright/test/cli.js"), "test", "--config", path.join(probeDir, "browser/playwright.config.ts")], {
      cwd: root,
      encoding: "utf8",
    });
    expect(result.status, result.stdout + result.stderr).not.toBe(0);
    expect(countPlaywright(JSON.parse(readFileSync(path.join(reportsDir, "probe-playwright.json"), "utf8")))).toEqual({ passed: 0, failed: 1, skipped: 0 });
  });
});
