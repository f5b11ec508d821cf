import { env } from "../../lib/env";
import { UnsupportedFunctionConfig } from "./function-config";
import { LocalExecutor, PortInUse } from "./local-executor";

export interface LocalWorkflowsOptions {
  appUrl: string;
  /** Where the stand-in listens; it never shares a port with a server it did not start. */
  port: number;
  /** The database that keeps its runs (the dev database, the e2e database). */
  databaseUrl: string;
  crons: boolean;
  /** Multiplies Inngest's retry backoff (1 = Inngest's own: 15 s, 30 s, 1 min, 2 min … plus jitter). */
  retryDelayScale?: number;
  log: (line: string) => void;
}

/**
 * Starts the local stand-in for Inngest for the app at `appUrl` and syncs the app as soon as its serve()
 * endpoint answers. Development and tests only.
 *
 * The rule for ports: the stand-in takes its port or refuses to start. It never adopts whatever already
 * listens there (another checkout's stand-in would take this checkout's events). To use a server that is
 * already running (a real Inngest dev server, say), set INNGEST_BASE_URL: then `npm run dev` starts no
 * stand-in and the app talks to that address.
 */
export async function startLocalWorkflows(options: LocalWorkflowsOptions) {
  if (env().isProduction) throw new Error("The local workflow executor is for development and tests; production uses Inngest.");
  const executor = new LocalExecutor({
    serveUrl: `${options.appUrl}/api/inngest`,
    databaseUrl: options.databaseUrl,
    port: options.port,
    crons: options.crons,
    retryDelayScale: options.retryDelayScale,
    log: options.log,
  });
  try {
    await executor.start();
  } catch (error) {
    if (!(error instanceof PortInUse)) throw error;
    throw new PortInUse(
      `The local stand-in for Inngest cannot listen on port ${options.port}: something else already does (another checkout's ` +
        `\`npm run dev\`, or an Inngest dev server). It will not share it. Set INNGEST_DEV_PORT to a free port (e.g. ` +
        `INNGEST_DEV_PORT=${options.port + 1}) to run this checkout's stand-in there, or set INNGEST_BASE_URL=http://127.0.0.1:${options.port} ` +
        `to use the server that is listening there instead of starting one.`,
    );
  }
  let stopped = false;
  void (async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        await executor.sync();
        return;
      } catch (error) {
        if (error instanceof UnsupportedFunctionConfig) {
          options.log(`[workflows] the app cannot run on the local stand-in: ${error.message}`);
          return;
        }
        if (attempt > 0 && attempt % 30 === 0) options.log(`[workflows] still waiting for the app to sync: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  })();
  return {
    executor,
    stop: async () => {
      stopped = true;
      await executor.stop();
    },
  };
}
