/**
 * Spaces calls that share a key (a channel) at least `intervalMs` apart, so Lumen posts at
 * the pace Slack allows instead of running into rate limits. Calls run in arrival order.
 */
export class Pacer {
  private readonly nextAt = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async run<T>(key: string, call: () => Promise<T>): Promise<T> {
    const now = this.now();
    const at = Math.max(now, this.nextAt.get(key) ?? 0);
    this.nextAt.set(key, at + this.intervalMs);
    if (this.nextAt.size > 10_000) this.forgetPast(now);
    if (at > now) await sleep(at - now);
    return call();
  }

  private forgetPast(now: number): void {
    for (const [key, at] of this.nextAt) if (at <= now) this.nextAt.delete(key);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
