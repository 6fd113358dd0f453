import type OpenAI from 'openai';
import { type BreakerPolicy, CircuitBreaker } from './circuit-breaker.js';

/** A chat deployment and the client of the resource it lives on. */
export interface ChatDeployment {
  name: string;
  client: OpenAI;
}

/** A deployment with its health: its circuit breaker and until when it is throttled. */
export interface PooledDeployment extends ChatDeployment {
  breaker: CircuitBreaker;
  throttledUntil: number;
}

/**
 * The chat deployments in order of preference. The first usable one answers; one that is
 * throttled (429) or whose circuit is open is skipped until it recovers, so a second
 * region takes over while the first is busy.
 */
export class DeploymentPool {
  readonly deployments: PooledDeployment[];

  constructor(
    deployments: ChatDeployment[],
    policy: BreakerPolicy,
    private readonly now: () => number = Date.now,
  ) {
    if (deployments.length === 0) throw new Error('at least one chat deployment is required');
    this.deployments = deployments.map((d) => ({
      ...d,
      breaker: new CircuitBreaker(policy, now),
      throttledUntil: 0,
    }));
  }

  /** The first deployment that may be called now, if any. */
  pick(): PooledDeployment | undefined {
    const now = this.now();
    return this.deployments.find((d) => d.throttledUntil <= now && d.breaker.canCall());
  }

  /** The earliest time (epoch ms) any deployment becomes usable again. */
  nextAvailableAt(): number {
    return Math.min(...this.deployments.map((d) => Math.max(d.throttledUntil, d.breaker.availableAt())));
  }

  throttle(deployment: PooledDeployment, forMs: number): void {
    deployment.throttledUntil = Math.max(deployment.throttledUntil, this.now() + forMs);
  }
}
