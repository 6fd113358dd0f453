import type { Response } from 'express';
import { InputError } from '../../core/errors.js';

/** A request the web channel refuses, with the HTTP status and a short sentence safe to show. */
export class HttpError extends InputError {
  constructor(
    readonly status: number,
    /** Code sent to the client, e.g. `invalid_json`; the error's own code is `input.<code>`. */
    readonly clientCode: string,
    userMessage: string,
  ) {
    super(clientCode, userMessage, userMessage);
  }
}

/** Writes the JSON error body every web error uses: `{ error: { code, message } }`. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  res
    .status(status)
    .type('application/json')
    .send(JSON.stringify({ error: { code, message } }));
}
