import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';

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

/** Serves the chat page and its assets with a strict Content-Security-Policy. */
export function createPageRoutes(): Router {
  const router = Router();
  router.use(
    express.static(PUBLIC_DIR, {
      index: 'index.html',
      dotfiles: 'ignore',
      fallthrough: true,
      setHeaders(res) {
        res.setHeader('Content-Security-Policy', PAGE_CSP);
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Referrer-Policy', 'same-origin');
        res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  return router;
}
