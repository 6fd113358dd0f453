import type { webApi } from '@slack/bolt';
import { describeError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';

/** The last part of a cached lookup's lifetime in which a use renews it in the background. */
export const REFRESH_AHEAD = 0.2;

/**
 * The groups each person reads as through the Slack user groups an admin mapped
 * (`SLACK_USER_GROUPS`, by Slack group id): anyone may create or join a Slack user group
 * and pick its handle, so a group counts only when mapped, and only for what it is mapped
 * to. Without a mapping Slack is never asked. One `usergroups.list` call serves the whole
 * workspace and is repeated at most every `ttlMs`; a workspace without user groups (free
 * plans) or without the `usergroups:read` scope gives no groups.
 */
export class SlackUserGroups {
  private byUser = new Map<string, string[]>();
  private expiresAt = 0;
  private refreshing: Promise<void> | undefined;
  private warned = false;

  /**
   * @param mapped Slack user group id to the group names its members read as
   *   (`S0123ABC` to `['hr']` stands for `group:hr`).
   */
  constructor(
    private readonly client: webApi.WebClient,
    private readonly log: Logger,
    private readonly mapped: Readonly<Record<string, readonly string[]>>,
    private readonly ttlMs = 10 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async of(userId: string): Promise<string[]> {
    if (Object.keys(this.mapped).length === 0) return [];
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
        const names = group.id ? this.mapped[group.id] : undefined;
        if (!names || (group.date_delete ?? 0) > 0) continue;
        for (const user of group.users ?? []) {
          byUser.set(user, [...new Set([...(byUser.get(user) ?? []), ...names])]);
        }
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
