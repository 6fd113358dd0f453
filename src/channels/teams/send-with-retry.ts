/** How often and how patiently a send to Teams is retried. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The HTTP status a connector error carries, if any. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Throttling and server faults are worth another try; a 4xx other than 408/429 is not. */
export function isRetryable(error: unknown): boolean {
  const status = statusOf(error);
  if (status === undefined) return true;
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Runs `send`, retrying retryable failures with exponential backoff; a 429's Retry-After
 * (seconds) is honoured when it asks for longer. Throws the last error when out of tries.
 */
export async function sendWithRetry<T>(
  send: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  onRetry?: (attempt: number, error: unknown, delayMs: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= policy.attempts || !isRetryable(error)) throw error;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.min(policy.maxDelayMs, Math.max(backoff, retryAfterMs(error) ?? 0));
      onRetry?.(attempt, error, delay);
      await policy.sleep(delay);
    }
  }
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?: (name: string) => string | undefined } } })
    ?.response?.headers;
  const value = headers?.get?.('retry-after');
  const seconds = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

interface PipelineOwner {
  client?: {
    pipeline?: { getOrderedPolicies(): { name: string }[]; removePolicy(p: { name: string }): unknown };
  };
}

/**
 * botbuilder's connector client retries inside its HTTP pipeline (429 with Retry-After,
 * 5xx) with its own timing, which would multiply with `sendWithRetry` and hide throttling
 * from Lumen. Removes that layer from the turn's connector client so one policy decides.
 * Returns false when the client has no such policy (nothing to remove).
 */
export function useOwnRetries(connectorClient: unknown): boolean {
  const pipeline = (connectorClient as PipelineOwner | undefined)?.client?.pipeline;
  if (!pipeline?.getOrderedPolicies().some((p) => p.name === 'defaultRetryPolicy')) return false;
  pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  return true;
}
