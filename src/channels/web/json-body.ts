import express, { type RequestHandler } from 'express';
import { HttpError } from './http-error.js';

/** True when the request declares a JSON body (`application/json`, any parameters). */
function isJsonContentType(header: string | undefined): boolean {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/**
 * Parses a JSON object body of at most `maxBytes`. Requiring `application/json` also keeps
 * cross-site HTML forms out: they cannot send that type without a CORS preflight.
 */
export function jsonBody(maxBytes: number): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (!isJsonContentType(req.headers['content-type'])) {
      next(new HttpError(415, 'unsupported_media_type', 'Send the request body as application/json.'));
      return;
    }
    next();
  };
  return [requireJson, express.json({ limit: maxBytes, strict: true, type: () => true })];
}
