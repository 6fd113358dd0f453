import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

/** One HTTP call the bot made to the connector, with the body exactly as it arrived. */
export interface ConnectorCall {
  method: string;
  path: string;
  conversationId?: string;
  replyToId?: string;
  authorization?: string;
  rawBody: string;
  /** The parsed body, for convenience; assertions about the wire should read `rawBody` too. */
  body: Record<string, unknown>;
}

interface Failure {
  status: number;
  headers: Record<string, string>;
  remaining: number;
  /** Only calls whose body this accepts fail; others pass through. */
  when?: (body: Record<string, unknown>) => boolean;
}

/**
 * A local stand-in for the Bot Connector service: accepts the calls botbuilder makes
 * (send, reply, update, create conversation), records the raw request bodies, numbers the
 * activities it "creates", and can be told to fail the next calls (e.g. 429 throttling).
 */
export class ConnectorStandIn {
  readonly calls: ConnectorCall[] = [];
  /** Members the member API knows, by Teams user id. */
  readonly members = new Map<string, Record<string, unknown>>();
  private server: Server | undefined;
  private nextId = 1;
  private failures: Failure[] = [];
  url = '';

  async start(): Promise<void> {
    const app = express();
    app.use(express.raw({ type: () => true, limit: '5mb' }));
    app.use((req, res, next) => {
      const failure = this.failures[0];
      // Failures are for sends; reads such as member lookups pass through.
      if (req.method === 'GET' || !failure || (failure.when && !failure.when(parse(req.body)))) return next();
      this.record(req, {});
      failure.remaining -= 1;
      if (failure.remaining <= 0) this.failures.shift();
      res
        .status(failure.status)
        .set(failure.headers)
        .json({ error: { code: 'Throttled', message: 'stand-in failure' } });
    });
    app.post('/v3/conversations', (req, res) => {
      this.record(req, {});
      res.status(201).json({ id: `conv-${this.nextId++}`, activityId: `act-${this.nextId++}` });
    });
    app.post('/v3/conversations/:conversationId/activities', (req, res) => {
      this.record(req, { conversationId: req.params.conversationId });
      res.status(201).json({ id: `bot-msg-${this.nextId++}` });
    });
    app.post('/v3/conversations/:conversationId/activities/:activityId', (req, res) => {
      this.record(req, { conversationId: req.params.conversationId, replyToId: req.params.activityId });
      res.status(201).json({ id: `bot-msg-${this.nextId++}` });
    });
    app.put('/v3/conversations/:conversationId/activities/:activityId', (req, res) => {
      this.record(req, { conversationId: req.params.conversationId, replyToId: req.params.activityId });
      res.status(200).json({ id: req.params.activityId });
    });
    app.get('/v3/conversations/:conversationId/members/:userId', (req, res) => {
      this.record(req, { conversationId: req.params.conversationId });
      const member = this.members.get(req.params.userId);
      if (member) res.json(member);
      else
        res.status(404).json({ error: { code: 'MemberNotFoundInConversation', message: 'no such member' } });
    });
    app.use((req, res) => {
      this.record(req, {});
      res.status(404).json({ error: { code: 'NotFound', message: 'not in the stand-in' } });
    });
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }

  /** Makes the next `count` calls answer `status` (with headers such as Retry-After). */
  failNext(count: number, status: number, headers: Record<string, string> = {}): void {
    this.failures.push({ status, headers, remaining: count });
  }

  /** Makes the first call whose body `when` accepts answer `status`. */
  failFirst(when: (body: Record<string, unknown>) => boolean, status: number): void {
    this.failures.push({ status, headers: {}, remaining: 1, when });
  }

  /** Calls that wrote something (sends, replies, updates, new conversations), in order. */
  writes(): ConnectorCall[] {
    return this.calls.filter((c) => c.method !== 'GET');
  }

  /** Calls that posted an activity (send or reply), in order. */
  activities(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'POST' && c.path.includes('/activities'));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
  }

  private record(
    req: express.Request,
    ids: { conversationId?: string | undefined; replyToId?: string | undefined },
  ): void {
    const rawBody = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const body = parse(req.body);
    this.calls.push({
      method: req.method,
      path: req.path,
      ...(ids.conversationId ? { conversationId: ids.conversationId } : {}),
      ...(ids.replyToId ? { replyToId: ids.replyToId } : {}),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      rawBody,
      body,
    });
  }
}

function parse(raw: unknown): Record<string, unknown> {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
