import { type Request, type Response, Router } from 'express';
import { describeError } from '../../core/errors.js';
import { systemClock } from '../../core/ports.js';
import type { ActionPayload } from '../../core/reply.js';
import type { Turn } from '../../core/turn.js';
import { toWebConversationKey, toWebTurn } from './build-turn.js';
import { principalsOf, rememberPersona, resolveUser } from './identity.js';
import { jsonBody } from './json-body.js';
import { createNdjsonReplyWriter } from './ndjson-stream.js';
import { DEFAULT_MAX_BODY_BYTES, stderrLog, type WebChannelOptions } from './options.js';
import { toWebOutboxMessage, toWebReply } from './render.js';
import { sessionIdOf } from './session.js';
import {
  parseActionRequest,
  parseAfterSeq,
  parseConversationId,
  parseMessageRequest,
  parseWaitSeconds,
} from './validate.js';

/** How often a long poll looks for new messages. */
const LONG_POLL_CHECK_MS = 1000;

/** The chat API: page config, streamed messages, actions and polling of later messages. */
export function createChatRoutes(options: WebChannelOptions): Router {
  const router = Router();
  const clock = options.clock ?? systemClock;
  const log = options.log ?? stderrLog;
  const body = jsonBody(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);

  /** The Turn for a chat request: who asks (session, persona) and where (conversation). */
  const turnOf = (
    req: Request,
    res: Response,
    request: { conversationId: string; personaId?: string },
    what: { text: string } | { action: ActionPayload },
  ): Turn => {
    const sessionId = sessionIdOf(res);
    const user = resolveUser(options, sessionId, request.personaId);
    rememberPersona(req, res, options, request.personaId);
    return toWebTurn({
      sessionId,
      conversationId: request.conversationId,
      user,
      ...what,
      receivedAt: clock.now(),
    });
  };

  router.get('/api/chat/config', (_req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json({
      identityMode: options.identityMode,
      ...(options.identityMode === 'demo'
        ? { personas: (options.demoPersonas ?? []).map(({ id, name, groups }) => ({ id, name, groups })) }
        : {}),
    });
  });

  /** A few questions the reader could ask, drawn from what they may read (demo: `?personaId=`). */
  router.get('/api/chat/examples', async (req, res) => {
    const personaId =
      typeof req.query.personaId === 'string' && req.query.personaId ? req.query.personaId : undefined;
    const user = resolveUser(options, sessionIdOf(res), personaId);
    const questions = options.exampleQuestions ? await options.exampleQuestions(principalsOf(user)) : [];
    res.set('Cache-Control', 'no-store');
    res.json({ questions });
  });

  router.post('/api/chat/messages', ...body, async (req, res) => {
    const request = parseMessageRequest(req.body);
    const turn = turnOf(req, res, request, { text: request.text });
    const writer = createNdjsonReplyWriter(res);
    const started = Date.now();
    let reply: Awaited<ReturnType<typeof options.copilot.handle>>;
    try {
      reply = await options.copilot.handle(turn, writer);
    } catch (error) {
      if (!writer.started) throw error;
      log('error', 'web answer failed mid-stream', { turnId: turn.id, error: describeError(error) });
      writer.fail('internal', 'Something went wrong while answering. Please try again.');
      return;
    }
    log('info', 'web message handled', { turnId: turn.id, kind: reply.kind, ms: Date.now() - started });
    writer.reply(reply);
  });

  router.post('/api/chat/actions', ...body, async (req, res) => {
    const request = parseActionRequest(req.body);
    const turn = turnOf(req, res, request, { action: request.action });
    const reply = await options.copilot.handle(turn);
    log('info', 'web action handled', { turnId: turn.id, action: request.action.name, kind: reply.kind });
    res.set('Cache-Control', 'no-store');
    res.json({ reply: toWebReply(reply) });
  });

  router.get('/api/chat/conversations/:conversationId/messages', async (req, res) => {
    const conversationId = parseConversationId(req.params.conversationId);
    const after = parseAfterSeq(req.query.after);
    const wait = parseWaitSeconds(req.query.wait);
    const key = toWebConversationKey(sessionIdOf(res), conversationId);
    // A long poll: held open until a message arrives (checked every second, so one written
    // by another process counts too), the wait ends or the page goes away.
    let open = true;
    res.once('close', () => {
      open = false;
    });
    const until = Date.now() + wait * 1000;
    let messages = await options.outbox.after(key, after);
    while (messages.length === 0 && open && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, LONG_POLL_CHECK_MS));
      if (!open) return;
      messages = await options.outbox.after(key, after);
    }
    if (!open) return;
    res.set('Cache-Control', 'no-store');
    res.json({ messages: messages.map(toWebOutboxMessage) });
  });

  return router;
}
