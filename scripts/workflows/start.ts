import { createConnection } from "node:net";
import { env } from "../../lib/env";
import { LocalExecutor } from "./local-executor";

/** Whether something already listens on 127.0.0.1:port (a real Inngest dev server, say). */
function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/**
 * Starts the local executor for `appUrl` (unless a real Inngest dev server already listens on the port) and
 * syncs the app as soon as its serve() endpoint answers. Development and tests only.
 */
export async function startLocalWorkflows(options: { appUrl: string; port: number; crons: boolean; log: (line: string) => void }) {
  if (env().isProduction) throw new Error("The local workflow executor is for development and tests; production uses Inngest.");
  if (await portInUse(options.port)) {
    options.log(`[workflows] an Inngest dev server is already listening on port ${options.port}: using it`);
    return { executor: null, stop: async () => {} };
  }
  const executor = new LocalExecutor({ serveUrl: `${options.appUrl}/api/inngest`, port: options.port, crons: options.crons, log: options.log });
  await executor.start();
  let stopped = false;
  void (async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        await executor.sync();
        return;
      } catch (error) {
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
