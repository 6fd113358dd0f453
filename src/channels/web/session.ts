import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { cookieSecure } from './cookie-security.js';

/** Name of the cookie that identifies a browser session. */
export const SESSION_COOKIE = 'lumen_session';

const SESSION_ID = /^[A-Za-z0-9_-]{32}$/;

/** Reads one cookie from a `Cookie` header, or `undefined` when absent or undecodable. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Sets an httpOnly, SameSite=Lax cookie for the whole site (Secure when served over HTTPS). */
export function setSiteCookie(req: Request, res: Response, name: string, value: string): void {
  res.cookie(name, value, { httpOnly: true, sameSite: 'lax', path: '/', secure: cookieSecure(req, res) });
}

/**
 * Gives every browser a random session id in the `lumen_session` cookie, creating it on the
 * first request; a malformed cookie is replaced rather than trusted.
 */
export function sessionMiddleware(): RequestHandler {
  return (req, res, next) => {
    let id = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!id || !SESSION_ID.test(id)) {
      id = randomBytes(24).toString('base64url');
      setSiteCookie(req, res, SESSION_COOKIE, id);
    }
    res.locals.sessionId = id;
    next();
  };
}

/** The session id `sessionMiddleware` attached to this response. */
export function sessionIdOf(res: Response): string {
  const id: unknown = res.locals.sessionId;
  if (typeof id !== 'string') throw new Error('web session middleware did not run before this route');
  return id;
}
