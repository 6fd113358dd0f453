import type { Request, RequestHandler, Response } from 'express';

/**
 * For a server whose public address is https (`LUMEN_PUBLIC_URL`): every cookie it sets is
 * Secure, even when TLS ends at a proxy in front and the request reached Lumen over http.
 */
export function secureCookiesFor(publicUrl: string | undefined): RequestHandler {
  const https = publicUrl?.toLowerCase().startsWith('https:') ?? false;
  return (_req, res, next) => {
    res.locals.httpsPublic = https;
    next();
  };
}

/** Whether a cookie set on this response must be Secure: an https public address, or an https request. */
export function cookieSecure(req: Request, res: Response): boolean {
  return res.locals.httpsPublic === true || req.secure;
}
