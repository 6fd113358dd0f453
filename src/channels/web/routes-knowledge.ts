import { readFile } from 'node:fs/promises';
import { Router } from 'express';
import { sendError } from './http-error.js';
import { mayRead, principalsOf, resolveReader } from './identity.js';
import { knowledgeFileType, resolveKnowledgeFile, toKnowledgeRelativePath } from './knowledge-file.js';
import { readablePageKind, renderKnowledgePage } from './knowledge-page.js';
import type { WebChannelOptions } from './options.js';
import { sessionIdOf } from './session.js';

/** Longest cited passage (`hl`) a knowledge page highlights. */
const MAX_HIGHLIGHT = 600;

/**
 * Serves cited files from the knowledge folder under `/knowledge/<relative path>`, only to
 * readers the indexed document's ACL allows. Every refusal is the same 404, so nobody learns
 * which files exist. Markdown and HTML open as a readable, sanitised page with the passage
 * in `hl` highlighted (`?raw=1` gives the file itself); PDF and Office files as they are.
 */
export function createKnowledgeRoutes(options: WebChannelOptions): Router {
  const router = Router();

  router.use('/knowledge', async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    const notFound = () => sendError(res, 404, 'not_found', 'That document is not available.');
    const root = options.knowledgeRoot;
    const relativePath = toKnowledgeRelativePath(req.path);
    if (!root || !relativePath) return notFound();

    const document = await options.findDocument(relativePath);
    const reader = resolveReader(options, req, sessionIdOf(res));
    if (!document || !mayRead(document.acl, principalsOf(reader))) return notFound();

    const file = await resolveKnowledgeFile(root, relativePath);
    if (!file) return notFound();

    const pageKind = req.query.raw === undefined ? readablePageKind(relativePath) : undefined;
    if (pageKind) {
      const highlight = typeof req.query.hl === 'string' ? req.query.hl.slice(0, MAX_HIGHLIGHT) : undefined;
      const fileName = relativePath.split('/').pop() ?? relativePath;
      let source: string;
      try {
        source = await readFile(file, 'utf8');
      } catch {
        return notFound();
      }
      res
        .status(200)
        .set({
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'private, no-store',
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy':
            "sandbox allow-popups allow-top-navigation-by-user-activation; default-src 'none'; style-src 'unsafe-inline'",
          'Referrer-Policy': 'no-referrer',
        })
        .send(
          renderKnowledgePage({
            kind: pageKind,
            source,
            fallbackTitle: fileName,
            originalHref: `${encodeURIComponent(fileName)}?raw=1`,
            ...(highlight ? { highlight } : {}),
          }),
        );
      return;
    }

    const type = knowledgeFileType(relativePath);
    const name = encodeURIComponent(relativePath.split('/').pop() ?? 'document');
    const headers: Record<string, string> = {
      'Content-Type': type.contentType,
      'Content-Disposition': `${type.inline ? 'inline' : 'attachment'}; filename*=UTF-8''${name}`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    };
    if (type.contentType.startsWith('text/html')) {
      // Knowledge HTML is third-party content on our origin: no scripts, an opaque origin.
      headers['Content-Security-Policy'] =
        "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'";
    }
    res.sendFile(file, { headers, dotfiles: 'allow', cacheControl: false, lastModified: true }, (error) => {
      if (error && !res.headersSent) notFound();
    });
  });

  return router;
}
