import { Router } from 'express';
import { sendError } from './http-error.js';
import { mayRead, principalsOf, resolveReader } from './identity.js';
import type { WebChannelOptions } from './options.js';
import { sessionIdOf } from './session.js';

const escapeText = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/**
 * Shows an approved curated answer under `/curated/<id>` (where its citations link) to
 * readers its ACL allows; every refusal is the same 404.
 */
export function createCuratedRoutes(options: WebChannelOptions): Router {
  const router = Router();
  router.get('/curated/:id', async (req, res) => {
    const entry = await options.findCurated?.(String(req.params.id));
    const reader = resolveReader(options, req, sessionIdOf(res));
    if (entry?.status !== 'approved' || !mayRead(entry.acl, principalsOf(reader))) {
      sendError(res, 404, 'not_found', 'That answer is not available.');
      return;
    }
    res
      .set({
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      })
      .type('html')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeText(entry.question)}</title></head><body style="font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto"><h1 style="font-size:1.3rem">${escapeText(entry.question)}</h1><p>${escapeText(entry.answer).replaceAll('\n', '<br>')}</p><p style="color:#667">Answered by a person and approved for Lumen on ${entry.updatedAt.toISOString().slice(0, 10)}.</p></body></html>`,
      );
  });
  return router;
}
