import type { webApi } from '@slack/bolt';
import { describeError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';
import type { TurnUser } from '../../core/turn.js';
import { REFRESH_AHEAD, SlackUserGroups } from './user-groups.js';

interface CachedUser {
  user: TurnUser;
  timeZone?: string;
  locale?: string;
  expiresAt: number;
}

/** A Slack user as a Turn sees them, with where they are. */
export interface SlackPerson {
  user: TurnUser;
  timeZone?: string;
  locale?: string;
}

/**
 * Maps Slack user ids to company identity (email from `users.info`, groups from the Slack
 * user groups an admin mapped), cached so a busy conversation does not call Slack for every
 * message, and renewed in the background near the end of its lifetime, so the answer waits
 * for Slack only for someone not seen for a while. An unknown identity reads public content only.
 */
export class SlackDirectory {
  private readonly cache = new Map<string, CachedUser>();
  private readonly pending = new Map<string, Promise<SlackPerson>>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly log: Logger,
    userGroups: Readonly<Record<string, readonly string[]>>,
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
    private readonly groups = new SlackUserGroups(client, log, userGroups, undefined, now),
  ) {}

  async person(userId: string): Promise<SlackPerson> {
    const [person, groups] = await Promise.all([this.profile(userId), this.groups.of(userId)]);
    return { ...person, user: { ...person.user, groups } };
  }

  private async profile(userId: string): Promise<SlackPerson> {
    const cached = this.cache.get(userId);
    const now = this.now();
    if (cached && cached.expiresAt > now) {
      // Someone who keeps asking never waits for Slack: their entry is renewed ahead of expiry.
      if (cached.expiresAt - now < this.ttlMs * REFRESH_AHEAD) void this.refresh(userId);
      return cached;
    }
    return this.refresh(userId);
  }

  private refresh(userId: string): Promise<SlackPerson> {
    const inFlight = this.pending.get(userId);
    if (inFlight) return inFlight;
    const lookup = this.lookup(userId).finally(() => this.pending.delete(userId));
    this.pending.set(userId, lookup);
    return lookup;
  }

  private async lookup(userId: string): Promise<SlackPerson> {
    try {
      const result = await this.client.users.info({ user: userId, include_locale: true });
      const u = result.user;
      const name = u?.profile?.display_name || u?.real_name || u?.name;
      const email = u?.profile?.email;
      const person: SlackPerson = {
        user: { id: userId, ...(name ? { name } : {}), ...(email ? { email } : {}), groups: [] },
        ...(u?.tz ? { timeZone: u.tz } : {}),
        ...(u?.locale ? { locale: u.locale } : {}),
      };
      this.cache.set(userId, { ...person, expiresAt: this.now() + this.ttlMs });
      if (this.cache.size > 50_000) this.cache.delete(this.cache.keys().next().value as string);
      return person;
    } catch (error) {
      this.log.warn('slack users.info failed; answering with public content only', {
        userId,
        error: describeError(error),
      });
      return { user: { id: userId, groups: [] } };
    }
  }
}
