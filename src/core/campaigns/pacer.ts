import { LumenError } from '../errors.js';

/** Real time for pacing, injected so tests can run it virtually. */
export interface Timer {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: Timer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A platform refused a message because of its rate limit (HTTP 429); retry after the given delay. */
export class RateLimitedError extends LumenError {
  constructor(readonly retryAfterMs: number) {
    super('delivery.rate_limited', `rate limited; retry after ${retryAfterMs} ms`);
  }
}

/**
 * Spaces sends evenly at `perSecond`, shared by every concurrent sender, and holds everyone back
 * when the platform says to (a 429 with Retry-After). With `burst` above 1, slots missed while
 * the process was busy may be caught up, at most `burst` at once, as a token bucket would allow;
 * set it no higher than the platform's own burst allowance.
 */
export class Pacer {
  private nextSlot = Number.NEGATIVE_INFINITY;
  private readonly interval: number;

  constructor(
    readonly perSecond: number,
    private readonly timer: Timer = realTimer,
    private readonly burst = 1,
  ) {
    if (!(perSecond > 0)) throw new RangeError(`perSecond must be positive, got ${perSecond}`);
    if (!(burst >= 1)) throw new RangeError(`burst must be at least 1, got ${burst}`);
    this.interval = 1000 / perSecond;
  }

  /** Waits for the next free slot. */
  async acquire(): Promise<void> {
    const now = this.timer.now();
    const slot = Math.max(now - (this.burst - 1) * this.interval, this.nextSlot);
    this.nextSlot = slot + this.interval;
    if (slot > now) await this.timer.sleep(slot - now);
  }

  /** Pushes every later slot back until `retryAfterMs` from now. */
  backOff(retryAfterMs: number): void {
    this.nextSlot = Math.max(this.nextSlot, this.timer.now() + retryAfterMs);
  }
}
