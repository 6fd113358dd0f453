import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

/** What went wrong with one call to a deployment, and so what to do next. */
export type Failure =
  /** 429: rotate to another deployment, or wait `retryAfterMs`. */
  | { kind: 'throttled'; retryAfterMs: number | undefined }
  /** 5xx, timeout, dropped connection: back off and retry; counts against the circuit. */
  | { kind: 'transient' }
  /** The prompt was blocked by the Azure content filter (400 `content_filter`). */
  | { kind: 'prompt_filtered' }
  /** Anything else (401, 403, 404, bad request): retrying will not help. */
  | { kind: 'fatal' };

/** Sorts an error thrown by the OpenAI client into what the retry loop does with it. */
export function classifyFailure(error: unknown, timedOut: boolean): Failure {
  if (timedOut || error instanceof APIConnectionTimeoutError) return { kind: 'transient' };
  if (error instanceof APIUserAbortError) return { kind: 'transient' };
  if (error instanceof APIConnectionError) return { kind: 'transient' };
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    if (status === 400 && isContentFilterError(error)) return { kind: 'prompt_filtered' };
    if (status === 429) return { kind: 'throttled', retryAfterMs: retryAfterMs(error.headers) };
    if (status === 408 || status >= 500) return { kind: 'transient' };
    return { kind: 'fatal' };
  }
  // A stream cut off mid-way surfaces as a plain Error from the body reader.
  if (error instanceof Error && /terminated|socket|ECONNRESET|aborted/i.test(error.message)) {
    return { kind: 'transient' };
  }
  return { kind: 'fatal' };
}

function isContentFilterError(error: APIError): boolean {
  if (error.code === 'content_filter') return true;
  const body = error.error as { innererror?: { code?: string } } | undefined;
  return body?.innererror?.code === 'ResponsibleAIPolicyViolation';
}

/** `retry-after-ms` (Azure) or `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
