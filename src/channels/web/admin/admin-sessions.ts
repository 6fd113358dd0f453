import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AdminSessionRepository, Clock } from '../../../core/ports.js';

/** One signed-in admin browser. */
export interface AdminSession {
  /** The cookie value; only its hash is stored. */
  id: string;
  /** Sent back in every state-changing form; must match. */
  csrfToken: string;
  /** Who signed in, as given on the login form; recorded in the audit trail. */
  actor: string;
}

/**
 * Admin sessions in the store, so every replica knows them and signing out ends them
 * everywhere. The cookie holds a random id; the store holds its SHA-256; the CSRF token is
 * derived from the id, so it needs no storage either.
 */
export class AdminSessions {
  constructor(
    private readonly repository: AdminSessionRepository,
    private readonly clock: Clock,
    private readonly ttlMs = 8 * 60 * 60 * 1000,
  ) {}

  async create(actor: string): Promise<AdminSession> {
    const now = this.clock.now();
    await this.repository.deleteExpired(now);
    const id = randomBytes(32).toString('base64url');
    await this.repository.insert({
      idHash: hashOf(id),
      actor,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.ttlMs),
    });
    return { id, actor, csrfToken: csrfOf(id) };
  }

  async get(id: string | undefined): Promise<AdminSession | undefined> {
    if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const stored = await this.repository.get(hashOf(id), this.clock.now());
    return stored ? { id, actor: stored.actor, csrfToken: csrfOf(id) } : undefined;
  }

  async end(id: string): Promise<void> {
    await this.repository.delete(hashOf(id));
  }
}

function hashOf(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

function csrfOf(id: string): string {
  return createHmac('sha256', id).update('lumen-admin-csrf').digest('base64url');
}

/** Compares secrets in constant time, so response timing does not reveal how much matched. */
export function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What a failed sign-in counts against: the client it came from, and the account it tried. */
export interface LoginAttempt {
  client: string;
  account: string;
}

/**
 * Refuses sign-in after repeated failures, for a while, so a secret cannot be guessed
 * quickly: per client (its address, as the trusted proxies report it), and per account
 * across all clients, so guessing spread over many addresses is slowed down too.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits = { perClient: 10, perAccount: 30 },
    private readonly windowMs = 15 * 60 * 1000,
  ) {}

  /** Which limit the attempt is over, or undefined when it may go ahead. */
  blocked(attempt: LoginAttempt): 'client' | 'account' | undefined {
    if (this.recent(`client:${attempt.client}`).length >= this.limits.perClient) return 'client';
    if (this.recent(`account:${attempt.account}`).length >= this.limits.perAccount) return 'account';
    return undefined;
  }

  failed(attempt: LoginAttempt): void {
    for (const key of [`client:${attempt.client}`, `account:${attempt.account}`]) {
      const recent = this.recent(key);
      recent.push(this.clock.now().getTime());
      this.failures.set(key, recent);
    }
    while (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  private recent(key: string): number[] {
    const since = this.clock.now().getTime() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((at) => at > since);
  }
}
