import { RateLimitedError, type Timer } from '../../src/core/campaigns/pacer.js';
import type { DeliveryTarget, Messenger } from '../../src/core/ports.js';
import type { Reply } from '../../src/core/reply.js';

/**
 * A stand-in for a chat platform that enforces a rate limit like Slack or Teams: a token bucket
 * of `perSecond` with a burst of `burst`; over the limit it answers 429 with a Retry-After.
 * It remembers every message; a repeat of a delivery key is dropped, as an idempotent API would.
 */
export class RateLimitedPlatform implements Messenger {
  readonly received: Array<{ target: DeliveryTarget; reply: Reply; at: number }> = [];
  readonly keys = new Map<string, number>();
  rejected = 0;
  repeatsDropped = 0;
  private tokens: number;
  private last: number;

  constructor(
    readonly perSecond: number,
    private readonly timer: Timer,
    private readonly burst = 1,
    private readonly latencyMs = 0,
  ) {
    this.tokens = burst;
    this.last = timer.now();
  }

  async deliver(target: DeliveryTarget, reply: Reply): Promise<void> {
    const now = this.timer.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000);
    this.last = now;
    // A little slack for timer rounding: a send on its exact slot is allowed.
    if (this.tokens < 1 - 1e-6) {
      this.rejected++;
      throw new RateLimitedError(Math.ceil(((1 - this.tokens) * 1000) / this.perSecond));
    }
    this.tokens -= 1;
    if (this.latencyMs > 0) await this.timer.sleep(this.latencyMs);
    const key = target.deliveryKey ?? `${target.userId}:${this.received.length}`;
    const seen = this.keys.get(key) ?? 0;
    this.keys.set(key, seen + 1);
    if (seen > 0) {
      this.repeatsDropped++;
      return;
    }
    this.received.push({ target, reply, at: now });
  }

  /** Messages each user saw. */
  perUser(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of this.received) counts.set(m.target.userId, (counts.get(m.target.userId) ?? 0) + 1);
    return counts;
  }
}

/**
 * Virtual time for pacing tests: sleepers wake in time order, one at a time, each after the
 * work the previous one started has settled.
 */
export class VirtualTimer implements Timer {
  private t = 0;
  private readonly sleepers: Array<{ at: number; seq: number; wake: () => void }> = [];
  private seq = 0;
  private pumping = false;

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => {
      this.sleepers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, wake });
      this.pump();
    });
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    setImmediate(() => {
      this.pumping = false;
      this.sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.sleepers.shift();
      if (!next) return;
      this.t = Math.max(this.t, next.at);
      next.wake();
      if (this.sleepers.length > 0) this.pump();
    });
  }
}
