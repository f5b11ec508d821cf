import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { APP_NODE_FLAGS, nextStartArgs } from "./next-start";

describe("how the built app is started", () => {
  it("npm start runs node with the same flags as the browser tests and bench:read", () => {
    const { scripts } = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
    expect(scripts.start).toBe(["node", ...nextStartArgs(0).slice(0, -2)].join(" "));
  });

  it("puts extra node flags before the script and the port last", () => {
    expect(nextStartArgs(3000, ["--cpu-prof"])).toEqual([...APP_NODE_FLAGS, "--cpu-prof", "node_modules/next/dist/bin/next", "start", "--port", "3000"]);
  });
});
