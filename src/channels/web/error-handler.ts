import type { ErrorRequestHandler, RequestHandler } from 'express';
import { describeError, LumenError } from '../../core/errors.js';
import { HttpError, sendError } from './http-error.js';
import type { WebLog } from './options.js';

/** body-parser's error `type`s, mapped to what the client is told. */
const BODY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': {
    status: 400,
    code: 'invalid_json',
    message: 'The request body is not valid JSON.',
  },
  'entity.too.large': { status: 413, code: 'payload_too_large', message: 'The request body is too large.' },
  'charset.unsupported': { status: 415, code: 'unsupported_media_type', message: 'Send the body as UTF-8.' },
  'encoding.unsupported': {
    status: 415,
    code: 'unsupported_media_type',
    message: 'That content encoding is not supported.',
  },
  'request.aborted': { status: 400, code: 'request_aborted', message: 'The request was aborted.' },
  'request.size.invalid': {
    status: 400,
    code: 'invalid_request',
    message: 'The request body is incomplete.',
  },
};

/** Answers any request under `/api` that no route matched with a JSON 404. */
export function apiNotFound(): RequestHandler {
  return (_req, res) => sendError(res, 404, 'not_found', 'No such API route.');
}

/** The server's last word on a request no route took: a JSON 404, never Express's HTML page. */
export function notFound(): RequestHandler {
  return (_req, res) =>
    sendError(res, 404, 'not_found', 'There is nothing at this address. The chat is at /.');
}

/**
 * Turns every error into the JSON error shape with a safe sentence; internal messages go to
 * the log only, so no stack or path reaches the client whatever NODE_ENV says. Errors after
 * an answer stream started are handled where the stream is. Mounted inside the web channel
 * and again as the server's last handler, for errors from every other router (a router
 * mounted with `use` does not see errors raised before it).
 */
export function handleErrors(log: WebLog): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof HttpError) {
      sendError(res, error.status, error.clientCode, error.userMessage);
      return;
    }
    const bodyType =
      typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
    const bodyError = typeof bodyType === 'string' ? BODY_ERRORS[bodyType] : undefined;
    if (bodyError && !(error instanceof LumenError)) {
      sendError(res, bodyError.status, bodyError.code, bodyError.message);
      return;
    }
    const status = clientErrorStatus(error);
    if (status !== undefined && !(error instanceof LumenError)) {
      sendError(res, status, 'bad_request', 'The request could not be read. Check its address and body.');
      return;
    }
    log('error', 'web request failed', { method: req.method, path: req.path, error: describeError(error) });
    sendError(res, 500, 'internal', 'Something went wrong on our side. Please try again.');
  };
}

/** The 4xx status an HTTP library attached to an error it raised on bad input (a malformed path). */
function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status =
    (error as { status?: unknown; statusCode?: unknown }).status ??
    (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
