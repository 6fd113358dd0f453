import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { isRetryableStatus, type RetryPolicy, realSleep, retryDelayMs } from '../../sync/retry-after.js';

/**
 * Graph client middleware that retries 429, 503 and 504 responses after the Retry-After
 * the service asks for (Graph throttling guidance), with backoff when it sends none.
 */
export class ThrottleHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly policy: RetryPolicy = {}) {}

  async execute(context: Context): Promise<void> {
    const maxRetries = this.policy.maxRetries ?? 5;
    const sleep = this.policy.sleep ?? realSleep;
    for (let attempt = 0; ; attempt++) {
      await this.next!.execute(context);
      const response = context.response;
      if (!response || !isRetryableStatus(response.status) || attempt >= maxRetries) return;
      const wait = retryDelayMs(response.headers.get('Retry-After'), attempt, this.policy);
      // Drain the throttled body so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      await sleep(wait);
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
