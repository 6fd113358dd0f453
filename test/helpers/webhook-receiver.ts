import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver took, with the raw body as sent. */
export interface ReceivedRequest {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A local HTTP endpoint standing in for a ticketing system's webhook. */
export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Status and JSON the next responses use. */
  respond(status: number, body: unknown): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  let status = 201;
  let response: unknown = {};
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(response));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/escalations`,
    requests,
    respond(s, b) {
      status = s;
      response = b;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
