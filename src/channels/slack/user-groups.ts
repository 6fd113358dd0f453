import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/ports.js';
import { describeError } from '../../errors.js';

/** The last part of a cached lookup's lifetime in which a use renews it in the background. */
export const REFRESH_AHEAD = 0.2;

/**
 * The Slack user groups each person is in, by handle (`@hr` is `hr`), so documents shared
 * with `group:hr` reach the members of the Slack group `@hr`. One `usergroups.list` call
 * serves the whole workspace and is repeated at most every `ttlMs`; a workspace without
 * user groups (free plans) or without the `usergroups:read` scope gives no groups. The list is
 * renewed in the background when it is used in the last part of its lifetime.
 */
export class SlackUserGroups {
  private byUser = new Map<string, string[]>();
  private expiresAt = 0;
  private refreshing: Promise<void> | undefined;
  private warned = false;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly log: Logger,
    private readonly ttlMs = 10 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async of(userId: string): Promise<string[]> {
    const now = this.now();
    if (now >= this.expiresAt) await this.startRefresh();
    // Near the end of its lifetime the list is renewed in the background, so no answer waits for it.
    else if (this.expiresAt - now < this.ttlMs * REFRESH_AHEAD) void this.startRefresh();
    return this.byUser.get(userId) ?? [];
  }

  private startRefresh(): Promise<void> {
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refresh(): Promise<void> {
    try {
      const result = await this.client.usergroups.list({ include_users: true });
      const byUser = new Map<string, string[]>();
      for (const group of result.usergroups ?? []) {
        if (!group.handle || (group.date_delete ?? 0) > 0) continue;
        for (const user of group.users ?? []) byUser.set(user, [...(byUser.get(user) ?? []), group.handle]);
      }
      this.byUser = byUser;
    } catch (error) {
      // Kept as it was; a missing scope or plan is said once, not on every message.
      if (!this.warned) {
        this.warned = true;
        this.log.warn('slack usergroups.list failed; Slack user groups are not used for permissions', {
          error: describeError(error),
        });
      }
    }
    this.expiresAt = this.now() + this.ttlMs;
  }
}
