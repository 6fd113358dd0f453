/** Waits; injected so tests can record waits instead of sleeping through them. */
export type Sleep = (ms: number) => Promise<void>;

/** The real wait. */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** How throttled requests are retried. */
export interface RetryPolicy {
  /** Retries after the first attempt before the throttling error is returned (default 5). */
  maxRetries?: number;
  /** Wait when the service sends no Retry-After, doubled on each retry (default 1000 ms). */
  baseDelayMs?: number;
  /** Longest single wait honoured (default 120 s). */
  maxDelayMs?: number;
  sleep?: Sleep;
}

/** Status codes that mean "slow down and try again": throttled or briefly unavailable. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 503 || status === 504;
}

/**
 * Milliseconds to wait before retry `attempt` (0-based): the Retry-After header when the
 * service sent one (seconds or an HTTP date), else exponential backoff.
 */
export function retryDelayMs(
  retryAfter: string | null | undefined,
  attempt: number,
  policy: RetryPolicy,
  now = Date.now(),
): number {
  const max = policy.maxDelayMs ?? 120_000;
  if (retryAfter) {
    const seconds = Number(retryAfter.trim());
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, max);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.min(Math.max(0, at - now), max);
  }
  return Math.min((policy.baseDelayMs ?? 1000) * 2 ** attempt, max);
}
