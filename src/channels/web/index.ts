import { Router } from 'express';
import { apiNotFound, handleErrors } from './error-handler.js';
import { stderrLog, type WebChannelOptions } from './options.js';
import { createChatRoutes } from './routes-chat.js';
import { createCuratedRoutes } from './routes-curated.js';
import { createKnowledgeRoutes } from './routes-knowledge.js';
import { createPageRoutes } from './routes-page.js';
import { sessionMiddleware } from './session.js';

export { toWebConversationKey, toWebTurn } from './build-turn.js';
export type { DemoPersona, WebChannelOptions, WebIdentityMode, WebLog, WebLogLevel } from './options.js';
export type { WebOutboxMessage, WebReply, WebStreamEvent } from './render.js';

/**
 * The web chat channel: the chat page, its JSON API and cited knowledge files, as one
 * express router. Mount it after any other `/api` routes: unknown `/api` paths answer 404 here.
 */
export function createWebChannel(options: WebChannelOptions): Router {
  const router = Router();
  router.use(sessionMiddleware());
  router.use(createChatRoutes(options));
  router.use(createKnowledgeRoutes(options));
  router.use(createCuratedRoutes(options));
  router.use('/api', apiNotFound());
  router.use(createPageRoutes());
  router.use(handleErrors(options.log ?? stderrLog));
  return router;
}
