import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Response, Router } from 'express';

/** Folder holding the chat page: index.html, app.js and styles.css, served as they are. */
export const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const require = createRequire(import.meta.url);

/**
 * Browser modules the page imports from `vendor/`, served from the installed packages: the
 * Markdown renderer and the HTML sanitiser its output goes through.
 */
const VENDOR: Record<string, string> = {
  'marked.js': require.resolve('marked'),
  'purify.js': join(dirname(require.resolve('dompurify')), 'purify.es.mjs'),
};

function pageHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', PAGE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-cache');
}

/** Serves the chat page and its assets with a strict Content-Security-Policy. */
export function createPageRoutes(): Router {
  const router = Router();
  router.get('/vendor/:file', (req, res, next) => {
    const file = VENDOR[req.params.file];
    if (!file || !Object.hasOwn(VENDOR, req.params.file)) return next();
    pageHeaders(res);
    res.type('text/javascript').sendFile(file);
  });
  router.use(
    express.static(PUBLIC_DIR, {
      index: 'index.html',
      dotfiles: 'ignore',
      fallthrough: true,
      setHeaders: pageHeaders,
    }),
  );
  return router;
}
