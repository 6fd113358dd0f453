import { Router } from 'express';
import { sendError } from './http-error.js';
import { mayRead, principalsOf, resolveReader } from './identity.js';
import { knowledgeFileType, resolveKnowledgeFile, toKnowledgeRelativePath } from './knowledge-file.js';
import type { WebChannelOptions } from './options.js';
import { sessionIdOf } from './session.js';

/**
 * Serves cited files from the knowledge folder under `/knowledge/<relative path>`, only to
 * readers the indexed document's ACL allows. Every refusal is the same 404, so nobody learns
 * which files exist.
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
