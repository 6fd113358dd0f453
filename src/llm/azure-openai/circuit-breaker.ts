/** When a deployment counts as failing, and for how long it is left alone. */
export interface BreakerPolicy {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before one trial call is let through. */
  cooldownMs: number;
}

export const DEFAULT_BREAKER_POLICY: BreakerPolicy = { failureThreshold: 3, cooldownMs: 30_000 };

/**
 * A circuit breaker for one deployment: after `failureThreshold` failures in a row it
 * opens and refuses calls for `cooldownMs`, then lets one trial call through (half-open);
 * a success closes it, a failure opens it again.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;

  constructor(
    private readonly policy: BreakerPolicy = DEFAULT_BREAKER_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  /** `closed`: calls flow; `open`: refused; `half-open`: one trial call may go. */
  get state(): 'closed' | 'open' | 'half-open' {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.policy.cooldownMs ? 'half-open' : 'open';
  }

  /** Whether a call may go now; in half-open state only one trial at a time. */
  canCall(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open') return false;
    return !this.trialInFlight;
  }

  /** Marks the start of a call (so half-open lets only one through). */
  begin(): void {
    if (this.state === 'half-open') this.trialInFlight = true;
  }

  success(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  /** Ends a call that says nothing about the deployment's health (throttled, content-filtered). */
  release(): void {
    this.trialInFlight = false;
  }

  failure(): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.state === 'half-open' || this.failures >= this.policy.failureThreshold)
      this.openedAt = this.now();
  }

  /** When an open circuit will let a trial through (epoch ms), or now when it already does. */
  availableAt(): number {
    if (this.openedAt === undefined) return this.now();
    return this.openedAt + this.policy.cooldownMs;
  }
}
