import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

/** One Web API call as the stand-in received it. */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  at: number;
  /** What the stand-in answered. */
  result?: Record<string, unknown>;
}

/** One POST to a `response_url`. */
export interface RecordedResponse {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

/** How the next call to a method fails. */
export type Failure = { status: 429; retryAfter: number } | { error: string };

/** People the stand-in's `users.info` knows. */
export const SLACK_USERS: Record<string, { name: string; email?: string; tz?: string }> = {
  U_ALEX: { name: 'Alex Rivera', email: 'alex.rivera@brightwater.example', tz: 'Europe/London' },
  U_HARPER: { name: 'Harper Quinn', email: 'harper.quinn@brightwater.example', tz: 'America/New_York' },
  U_NOMAIL: { name: 'Guest' },
};

/** Slack user groups `usergroups.list` returns; the deleted one must not count. */
export const SLACK_USER_GROUPS = [
  { id: 'S_LEADS', handle: 'people-leads', users: ['U_HARPER'], date_delete: 0 },
  { id: 'S_OLD', handle: 'former-leads', users: ['U_ALEX'], date_delete: 1_700_000_000 },
];

export const BOT_USER_ID = 'UBOT';
export const BOT_ID = 'BBOT';
export const TEAM_ID = 'T1';

/**
 * A local stand-in for Slack's Web API: records every call and answers in Slack's JSON
 * format (`{ ok: true, ... }`, `{ ok: false, error }`, 429 with `Retry-After`). Also takes
 * posts to `response_url`s.
 */
export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  private readonly failures = new Map<string, Failure[]>();
  private server: Server | undefined;
  private tsCounter = 0;
  /** Test hook: called on every recorded call. */
  onCall: ((call: RecordedCall) => void) | undefined;
  base = '';
  /** What `apps.connections.open` hands out: the Socket Mode WebSocket URL. */
  socketUrl = '';

  get url(): string {
    return `${this.base}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.base}/respond/${id}`;
  }

  private readonly delays = new Map<string, number>();

  /** Makes every call to `method` answer only after `ms`. */
  delay(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  /** Makes the next calls to `method` fail, in order. */
  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first call matching `predicate`, waiting up to `timeoutMs`. */
  async waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs = 10_000): Promise<RecordedCall> {
    const started = Date.now();
    for (;;) {
      const found = this.calls.find(predicate);
      if (found) return found;
      if (Date.now() - started > timeoutMs) {
        throw new Error(
          `no matching Slack call; got ${this.calls.map((c) => c.method).join(', ') || 'none'}`,
        );
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async waitForResponse(id: string, timeoutMs = 10_000): Promise<RecordedResponse> {
    const started = Date.now();
    for (;;) {
      const found = this.responses.find((r) => r.id === id);
      if (found) return found;
      if (Date.now() - started > timeoutMs) throw new Error(`no post to response_url ${id}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async start(): Promise<void> {
    const app = express();
    app.use(express.urlencoded({ extended: false }), express.json());
    app.post('/api/:method', async (req, res) => {
      const method = req.params.method;
      const args = decodeArgs(req.body as Record<string, unknown>);
      const auth = req.headers.authorization;
      const call: RecordedCall = {
        method,
        args,
        ...(auth ? { token: auth.replace(/^Bearer /, '') } : {}),
        at: Date.now(),
      };
      this.calls.push(call);
      this.onCall?.(call);
      const delay = this.delays.get(method);
      if (delay) await new Promise((r) => setTimeout(r, delay));
      const failure = this.failures.get(method)?.shift();
      if (failure && 'status' in failure) {
        res
          .status(429)
          .set('Retry-After', String(failure.retryAfter))
          .json({ ok: false, error: 'ratelimited' });
        return;
      }
      if (failure) {
        res.json({ ok: false, error: failure.error });
        return;
      }
      call.result = this.answer(method, args);
      res.json(call.result);
    });
    app.post('/respond/:id', (req, res) => {
      this.responses.push({ id: req.params.id, body: req.body as Record<string, unknown>, at: Date.now() });
      res.json({ ok: true });
    });
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
    this.base = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `1800000000.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          user_id: BOT_USER_ID,
          bot_id: BOT_ID,
          team_id: TEAM_ID,
          user: 'lumen',
          team: 'Brightwater',
        };
      case 'apps.connections.open':
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'invalid_auth' };
      case 'users.info': {
        const id = String(args.user);
        const person = SLACK_USERS[id];
        if (!person) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id,
            name: person.name.toLowerCase(),
            real_name: person.name,
            tz: person.tz,
            locale: 'en-US',
            profile: { display_name: person.name, ...(person.email ? { email: person.email } : {}) },
          },
        };
      }
      case 'usergroups.list':
        return {
          ok: true,
          usergroups: SLACK_USER_GROUPS.map(({ users, ...group }) => ({
            ...group,
            ...(args.include_users ? { users } : {}),
          })),
        };
      case 'chat.postMessage':
      case 'chat.startStream':
        return { ok: true, channel: args.channel, ts: this.nextTs() };
      case 'chat.update':
      case 'chat.appendStream':
      case 'chat.stopStream':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'conversations.open':
        return { ok: true, channel: { id: `D_${String(args.users)}` } };
      case 'views.open':
      case 'views.publish':
        return { ok: true, view: { id: 'V_OPENED', ...(args.view as object) } };
      default:
        return { ok: true };
    }
  }
}

/** The Web API sends nested values (blocks, views) as JSON strings in a form body. */
function decodeArgs(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body ?? {})) {
    if (typeof value === 'string' && /^[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // Not JSON after all; keep the string.
      }
    }
    out[key] = value;
  }
  return out;
}
