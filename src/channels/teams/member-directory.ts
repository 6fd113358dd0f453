import { TeamsInfo, type TurnContext } from 'botbuilder';
import { describeError } from '../../core/errors.js';
import type { Clock, Logger } from '../../core/ports.js';
import type { TurnUser } from '../../core/turn.js';

interface Known {
  email?: string;
  expiresAt: number;
}

/**
 * Adds the sender's email (or user principal name) from the Teams member API, so ACLs and
 * admin settings that name people by email apply in Teams too. Results are kept for a
 * while per user; when the lookup fails the turn goes on with the object id alone.
 */
export class TeamsMemberDirectory {
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly maxEntries = 10_000,
  ) {}

  async enrich(context: TurnContext, user: TurnUser): Promise<TurnUser> {
    const senderId = context.activity.from?.id;
    if (user.email || !senderId) return user;
    const now = this.clock.now().getTime();
    let entry = this.known.get(senderId);
    if (!entry || entry.expiresAt <= now) {
      entry = { ...(await this.lookUp(context, senderId)), expiresAt: now + this.ttlMs };
      if (this.known.size >= this.maxEntries) this.known.delete(this.known.keys().next().value as string);
      this.known.set(senderId, entry);
    }
    return entry.email ? { ...user, email: entry.email } : user;
  }

  private async lookUp(context: TurnContext, senderId: string): Promise<{ email?: string }> {
    try {
      const member = await TeamsInfo.getMember(context, senderId);
      const email = member.email || member.userPrincipalName;
      return email ? { email: email.toLowerCase() } : {};
    } catch (error) {
      this.log.warn('teams member lookup failed; going on without an email', { error: describeError(error) });
      return {};
    }
  }
}
