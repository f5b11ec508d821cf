import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/**
 * A local HTTP server that plays an outside service's part (Stripe's API, Inngest's event API) in tests:
 * it records every request and answers with `respond`.
 */
export async function localHttpServer(respond: (request: RecordedRequest, response: ServerResponse) => void) {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(recorded);
      respond(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** Answers as Inngest's event API does: every event accepted, its id echoed back. */
export function acceptEvents(request: RecordedRequest, res: ServerResponse) {
  const events = JSON.parse(request.body) as { id: string }[];
  json(res, 200, { ids: events.map((event) => event.id), status: 200 });
}

/**
 * Plays Inngest's event API more closely than `acceptEvents`: it takes the events of a request in order and,
 * at the first one it refuses, stops and answers 400 with the ids it took so far and the reason, as Inngest's
 * API does (pkg/api: ReceiveEvent). It refuses what Inngest refuses (an event over 256 KiB, more than 5,000
 * events) and whatever `refuse` names. `accepted` counts each event id taken (a re-sent id is counted again,
 * so a test can see both what was delivered and what was sent twice).
 */
export function inngestEventApi(refuse: (event: { id: string; name: string; data: unknown }) => string | null = () => null) {
  const accepted = new Map<string, number>();
  const respond = (request: RecordedRequest, res: ServerResponse) => {
    const events = JSON.parse(request.body) as { id: string; name: string; data: unknown }[];
    if (events.length > 5_000) return json(res, 400, { ids: [], status: 400, error: "Too many events in one request: at most 5000" });
    const ids: string[] = [];
    for (const event of events) {
      const size = Buffer.byteLength(JSON.stringify(event));
      const refusal = size > 256 * 1024 ? `Event is over the max size: Max ${256 * 1024} bytes / Size ${size} bytes` : refuse(event);
      if (refusal) return json(res, 400, { ids, status: 400, error: refusal });
      accepted.set(event.id, (accepted.get(event.id) ?? 0) + 1);
      ids.push(event.id);
    }
    json(res, 200, { ids, status: 200 });
  };
  return { respond, accepted };
}
