import type { Response } from 'express';
import type { Reply, ReplyStream } from '../../core/reply.js';
import { toWebReply, type WebStreamEvent } from './render.js';

/** Writes an answer as NDJSON: partial lines while it is generated, then one reply line. */
export interface NdjsonReplyWriter extends ReplyStream {
  /** True once the status line went out; errors after that go in the stream, not the status. */
  readonly started: boolean;
  reply(reply: Reply): void;
  fail(code: string, message: string): void;
}

/**
 * Creates the writer. Headers are sent with the first line, so a failure before any output
 * can still be a plain JSON error with a proper status. Writes after the client went away
 * are dropped; the core finishes (and records) the turn anyway.
 */
export function createNdjsonReplyWriter(res: Response): NdjsonReplyWriter {
  let started = false;
  let lastPartial = '';

  const write = (event: WebStreamEvent) => {
    if (res.writableEnded || res.destroyed) return;
    if (!started) {
      started = true;
      res.status(200);
      res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      // Reverse proxies (nginx) would otherwise buffer the stream until it ends.
      res.setHeader('X-Accel-Buffering', 'no');
      res.flushHeaders();
    }
    res.write(`${JSON.stringify(event)}\n`);
  };

  return {
    get started() {
      return started;
    },
    partial(textSoFar: string) {
      if (textSoFar === lastPartial) return;
      lastPartial = textSoFar;
      write({ type: 'partial', text: textSoFar });
    },
    reply(reply: Reply) {
      write({ type: 'reply', reply: toWebReply(reply) });
      if (!res.writableEnded) res.end();
    },
    fail(code: string, message: string) {
      write({ type: 'error', error: { code, message } });
      if (!res.writableEnded) res.end();
    },
  };
}
