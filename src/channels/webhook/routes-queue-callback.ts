import { createHash } from 'node:crypto';
import express, { Router } from 'express';
import * as z from 'zod';
import { describeError, InputError, LumenError } from '../../core/errors.js';
import type { EscalationDesk } from '../../core/escalation/escalation-desk.js';
import type { Clock, ProcessedEventRepository } from '../../core/ports.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from './signature.js';

/** Path a ticketing system calls back when a person works an item there. */
export const QUEUE_CALLBACK_PATH = '/api/escalations/callback';

const callbackSchema = z.strictObject({
  /** The ticketing system's id for this callback: a callback with an id seen before is refused. */
  callbackId: z.string().min(1).max(200).optional(),
  escalationId: z.string().min(1).max(200),
  action: z.enum(['claim', 'reply', 'request_info', 'reassign', 'resolve']),
  /** Who acted, as the ticketing system names them. */
  by: z.string().min(1).max(200),
  text: z.string().min(1).max(8000).optional(),
  queue: z
    .string()
    .regex(/^[\w-]{1,100}$/)
    .optional(),
});

/**
 * Lets a ticketing system work escalations: the queue item's buttons (claim, reply, ask for
 * more information, reassign, resolve) come back as a JSON POST signed like Lumen's own
 * webhook calls (HMAC-SHA256 over `<timestamp>.<body>` with the shared secret). Each signed
 * callback is acted on once: by its `callbackId` when it has one, else by its signature,
 * claimed in the store so a replay to any replica is refused.
 */
export function createQueueCallbackRoutes(options: {
  desk: EscalationDesk;
  secret: string;
  /** Where delivered callbacks are remembered, shared by every replica. */
  processedEvents: ProcessedEventRepository;
  clock: Clock;
  log: (message: string, fields: Record<string, unknown>) => void;
}): Router {
  const router = Router();
  router.post(
    QUEUE_CALLBACK_PATH,
    express.text({ type: 'application/json', limit: '64kb' }),
    async (req, res) => {
      const body = typeof req.body === 'string' ? req.body : '';
      const signed = verifySignature({
        secret: options.secret,
        body,
        timestamp: req.header(TIMESTAMP_HEADER),
        signature: req.header(SIGNATURE_HEADER),
        nowMs: options.clock.now().getTime(),
      });
      if (!signed) {
        res.status(401).json({ error: { code: 'bad_signature', message: 'Missing or invalid signature.' } });
        return;
      }
      let parsed: z.infer<typeof callbackSchema>;
      try {
        parsed = callbackSchema.parse(JSON.parse(body));
      } catch {
        res
          .status(400)
          .json({ error: { code: 'invalid_request', message: 'Expected escalationId, action and by.' } });
        return;
      }
      const deliveryKey = parsed.callbackId
        ? `queue-callback:id:${parsed.callbackId}`
        : `queue-callback:signature:${createHash('sha256')
            .update(req.header(SIGNATURE_HEADER) ?? '')
            .digest('hex')}`;
      if (!(await options.processedEvents.claim(deliveryKey, options.clock.now()))) {
        res.status(409).json({
          error: {
            code: 'replayed',
            message:
              'This callback was delivered before and is acted on once. Send a new callbackId to act again.',
          },
        });
        return;
      }
      const { escalationId: id, action, text, queue } = parsed;
      const by = `queue:${parsed.by}`;
      try {
        if ((action === 'reply' || action === 'request_info') && !text) {
          res.status(400).json({ error: { code: 'invalid_request', message: `"${action}" needs text.` } });
          return;
        }
        if (action === 'reassign' && !queue) {
          res.status(400).json({ error: { code: 'invalid_request', message: '"reassign" needs queue.' } });
          return;
        }
        const desk = options.desk;
        const updated =
          action === 'claim'
            ? await desk.claim(id, by)
            : action === 'reply'
              ? await desk.answer(id, text!, parsed.by)
              : action === 'request_info'
                ? await desk.requestInfo(id, text!, parsed.by)
                : action === 'reassign'
                  ? await desk.reassign(id, queue!, by)
                  : await desk.resolve(id, by);
        res.json({ escalationId: updated.id, status: updated.status });
      } catch (error) {
        if (error instanceof InputError) {
          res.status(409).json({ error: { code: 'invalid_state', message: error.userMessage } });
          return;
        }
        if (error instanceof LumenError && error.code === 'store.not_found') {
          res.status(404).json({ error: { code: 'not_found', message: 'No such escalation.' } });
          return;
        }
        options.log('queue callback failed', { escalationId: id, action, error: describeError(error) });
        res.status(500).json({ error: { code: 'internal', message: 'Something went wrong.' } });
      }
    },
  );
  return router;
}
