import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/ports.js';
import { describeError } from '../../errors.js';

/**
 * The Slack user groups each person is in, by handle (`@hr` is `hr`), so documents shared
 * with `group:hr` reach the members of the Slack group `@hr`. One `usergroups.list` call
 * serves the whole workspace and is repeated at most every `ttlMs`; a workspace without
 * user groups (free plans) or without the `usergroups:read` scope gives no groups.
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
    if (this.now() >= this.expiresAt) {
      this.refreshing ??= this.refresh().finally(() => {
        this.refreshing = undefined;
      });
      await this.refreshing;
    }
    return this.byUser.get(userId) ?? [];
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
