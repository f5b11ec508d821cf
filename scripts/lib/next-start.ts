/**
 * How the built app is run: `npm start` (package.json) runs exactly this, and so do the browser tests and
 * bench:read, so that what is tested and measured is what is deployed.
 *
 * `--max-semi-space-size=64` (MiB) gives V8's young generation room for a page's short-lived objects (query
 * rows, the React tree, the streamed HTML): at the default 16 MiB the garbage collector took 11% of a
 * dashboard page's time, and the page served 111–120 pages/s on bench:read against 130–136 with it.
 */
export const APP_NODE_FLAGS = ["--max-semi-space-size=64"];

/** The arguments for `node` that start the built app on `port`; `extraNodeFlags` go before the script. */
export function nextStartArgs(port: number, extraNodeFlags: string[] = []): string[] {
  return [...APP_NODE_FLAGS, ...extraNodeFlags, "node_modules/next/dist/bin/next", "start", "--port", String(port)];
}
