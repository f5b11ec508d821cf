import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { InngestFunction } from "inngest";
import { ManualClock } from "../workflows/clock";
import { LocalExecutor } from "../workflows/local-executor";

/**
 * The app's real serve() handler over HTTP, driven by the local stand-in for Inngest under Inngest's rules, its
 * state in this test file's PostgreSQL and its time on a clock the test moves. The Inngest client reads its
 * address when it is created, so everything of the app is imported after the stand-in listens.
 */
export async function startWorkflows({
  clock = new ManualClock("2026-11-23T15:00:00Z"),
  select,
  crons = false,
}: {
  clock?: ManualClock;
  /** Which cron-triggered functions fire as the clock passes their times. */
  crons?: boolean | string[];
  /** Serve only some of the app's functions (the rest of what their events would start is left alone). */
  select?: (functions: InngestFunction.Any[]) => InngestFunction.Any[];
} = {}) {
  // Inngest's retry backoff (15 s, 30 s, 1 min …) at a thousandth.
  const options = { databaseUrl: process.env.DATABASE_URL!, clock, retryDelayScale: 0.001, crons };
  let executor = new LocalExecutor(options);
  await executor.start();
  const port = Number(new URL(executor.url).port);
  Object.assign(process.env, { INNGEST_DEV: "1", INNGEST_BASE_URL: executor.url });
  (await import("../../lib/env")).reloadEnv();
  const [{ serve }, { functions }, { inngest }] = await Promise.all([import("inngest/node"), import("../../inngest"), import("../../inngest/client")]);
  const served = select ? select(functions as InngestFunction.Any[]) : (functions as InngestFunction.Any[]);
  const app: Server = createServer(serve({ client: inngest, functions: served }));
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const serveUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`;
  await executor.sync(serveUrl);

  return {
    clock,
    inngest,
    get executor() {
      return executor;
    },
    /** Stops the stand-in and starts a new one on the same database and port, as `npm run dev` restarted does. */
    async restart() {
      await executor.stop();
      executor = new LocalExecutor({ ...options, port });
      await executor.start();
      await executor.sync(serveUrl);
    },
    async stop() {
      await executor.stop();
      await new Promise<void>((resolve) => app.close(() => resolve()));
    },
  };
}

export type Workflows = Awaited<ReturnType<typeof startWorkflows>>;
