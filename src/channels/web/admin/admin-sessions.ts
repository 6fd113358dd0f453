import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../core/ports.js';

/** One signed-in admin browser. */
export interface AdminSession {
  id: string;
  /** Sent back in every state-changing form; must match. */
  csrfToken: string;
  /** Who signed in, as given on the login form; recorded in the audit trail. */
  actor: string;
  expiresAt: number;
}

/** Admin sessions kept in memory: a restart signs everyone out, which is acceptable for admins. */
export class AdminSessions {
  private readonly sessions = new Map<string, AdminSession>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 8 * 60 * 60 * 1000,
  ) {}

  create(actor: string): AdminSession {
    this.sweep();
    const session: AdminSession = {
      id: randomBytes(32).toString('base64url'),
      csrfToken: randomBytes(32).toString('base64url'),
      actor,
      expiresAt: this.clock.now().getTime() + this.ttlMs,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined): AdminSession | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= this.clock.now().getTime()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
  }
}

/** Compares secrets in constant time, so response timing does not reveal how much matched. */
export function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Refuses sign-in from a client after repeated failures, for a while, so the token cannot be guessed quickly. */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly maxFailures = 10,
    private readonly windowMs = 15 * 60 * 1000,
  ) {}

  blocked(client: string): boolean {
    return this.recent(client).length >= this.maxFailures;
  }

  failed(client: string): void {
    const recent = this.recent(client);
    recent.push(this.clock.now().getTime());
    this.failures.set(client, recent);
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  private recent(client: string): number[] {
    const since = this.clock.now().getTime() - this.windowMs;
    return (this.failures.get(client) ?? []).filter((at) => at > since);
  }
}
