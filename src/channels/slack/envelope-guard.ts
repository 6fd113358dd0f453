import { parse as parseForm } from 'node:querystring';
import type { NextFunction, Request, Response } from 'express';

/** Slack's own limit for request bodies Bolt accepts. */
const BODY_LIMIT = 4 * 1024 * 1024;

const JSON_TYPES = new Set(['url_verification', 'event_callback', 'app_rate_limited']);

/** How far a request's timestamp may be from now, either way: Slack's five minutes. */
const TIMESTAMP_TOLERANCE_MS = 5 * 60 * 1000;

/**
 * Refuses bodies Slack never sends before they reach Bolt, which would otherwise leave an
 * unrecognised request waiting for an acknowledgement that never comes, and requests stamped
 * more than five minutes from now in either direction (Bolt refuses only old ones, so a
 * request signed for the future could be replayed until then). The raw body is handed on as
 * `req.rawBody`, where Bolt verifies the signature over the exact bytes.
 */
export function slackEnvelopeGuard(now: () => number = Date.now) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const stamped = Number(req.headers['x-slack-request-timestamp']) * 1000;
    if (!Number.isFinite(stamped) || Math.abs(now() - stamped) > TIMESTAMP_TOLERANCE_MS) {
      res.status(401).json({ error: 'request timestamp missing or more than five minutes from now' });
      return;
    }
    const raw = await readBody(req, BODY_LIMIT);
    if (!raw) {
      res.status(413).json({ error: 'body too large or unreadable' });
      return;
    }
    (req as Request & { rawBody?: Buffer }).rawBody = raw;
    const problem = envelopeProblem(raw.toString('utf8'), req.headers['content-type'] ?? '');
    if (problem) {
      res.status(400).json({ error: `not a Slack request: ${problem}` });
      return;
    }
    next();
  };
}

/** Why a body cannot be a Slack event, interaction or command; undefined when it can. */
export function envelopeProblem(body: string, contentType: string): string | undefined {
  if (contentType.includes('application/x-www-form-urlencoded')) {
    const form = parseForm(body);
    if (typeof form.ssl_check === 'string') return undefined;
    if (typeof form.command === 'string')
      return form.command.startsWith('/') ? undefined : 'command without a slash';
    if (typeof form.payload !== 'string') return 'no payload or command';
    const payload = parseObject(form.payload);
    return payload && typeof payload.type === 'string' ? undefined : 'payload is not an object with a type';
  }
  const envelope = parseObject(body);
  if (!envelope) return 'body is not a JSON object';
  if (typeof envelope.type !== 'string' || !JSON_TYPES.has(envelope.type))
    return 'unknown event envelope type';
  if (envelope.type === 'event_callback') {
    const event = envelope.event as Record<string, unknown> | null | undefined;
    if (!event || typeof event !== 'object' || typeof event.type !== 'string') return 'event without a type';
  }
  return undefined;
}

/** The request body, or undefined when it is larger than `limit` or the stream fails. */
function readBody(req: Request, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
  });
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
