import { webApi } from '@slack/bolt';
import type { SlackConfig } from '../../config/slack.js';
import { LumenError } from '../../core/errors.js';
import type { Delivered, DeliveryTarget, HealthCheck, Messenger } from '../../core/ports.js';
import type { Reply } from '../../core/reply.js';
import { placeFromKey, type SlackPlace } from './place.js';
import { renderReply } from './render-reply.js';

/**
 * Sends messages nobody asked for right now (a person's answer to an escalation, later
 * nudges) into the Slack conversation they belong to: the thread, or a DM to the person
 * when the conversation was private to them.
 */
export class SlackMessenger implements Messenger {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly publicUrl?: string,
  ) {}

  /** A messenger with its own Web API client for the configured workspace. */
  static fromConfig(config: SlackConfig, clientOptions: webApi.WebClientOptions): SlackMessenger {
    return new SlackMessenger(new webApi.WebClient(config.botToken, clientOptions), config.publicUrl);
  }

  /** Checks the bot token with `auth.test`, for `doctor`. */
  async check(): Promise<HealthCheck> {
    try {
      const auth = await this.client.auth.test();
      return {
        name: 'slack',
        ok: true,
        detail: `bot @${auth.user ?? '?'} in workspace ${auth.team ?? auth.team_id ?? '?'}`,
      };
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      const hint = code === 'invalid_auth' || code === 'not_authed' ? '; check SLACK_BOT_TOKEN' : '';
      return {
        name: 'slack',
        ok: false,
        detail: `auth.test failed: ${code ?? (error as Error).message}${hint}`,
      };
    }
  }

  async deliver(target: DeliveryTarget, reply: Reply): Promise<Delivered> {
    const place = this.placeOf(target);
    const into = await this.destination(place, target.userId, reply);
    let first: string | undefined;
    for (const message of this.render(reply, place)) {
      const posted = await this.client.chat.postMessage({
        channel: into.channelId,
        ...(into.threadTs ? { thread_ts: into.threadTs } : {}),
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
      });
      first ??= posted.ts ? `${posted.channel ?? into.channelId}:${posted.ts}` : undefined;
    }
    return first ? { messageRef: first } : {};
  }

  /** Edits a message in place with `chat.update`; a reply that needs several messages is sent anew. */
  async replace(target: DeliveryTarget, messageRef: string, reply: Reply): Promise<boolean> {
    const [channel, ts] = messageRef.split(':');
    const messages = this.render(reply, this.placeOf(target));
    if (!channel || !ts || messages.length !== 1) return false;
    await this.client.chat.update({ channel, ts, text: messages[0]!.text, blocks: messages[0]!.blocks });
    return true;
  }

  private placeOf(target: DeliveryTarget): SlackPlace {
    const place = placeFromKey(target.conversationKey);
    if (!place) {
      throw new LumenError(
        'slack.unknown_conversation',
        `not a Slack conversation: ${target.conversationKey}`,
      );
    }
    return place;
  }

  private render(reply: Reply, place: SlackPlace) {
    return renderReply(reply, { place, ...(this.publicUrl ? { publicUrl: this.publicUrl } : {}) });
  }

  /** Private conversations (a `/lumen` exchange, or a private reply in a channel) go to a DM. */
  private async destination(place: SlackPlace, userId: string, reply: Reply): Promise<SlackPlace> {
    const isPrivate =
      place.privateTo !== undefined || (reply.visibility === 'asker' && place.kind !== 'direct');
    if (!isPrivate) return place;
    const opened = await this.client.conversations.open({ users: place.privateTo ?? userId });
    const channelId = opened.channel?.id;
    if (!channelId)
      throw new LumenError('slack.dm_unavailable', `conversations.open returned no channel for ${userId}`);
    return { teamId: place.teamId, channelId, kind: 'direct' };
  }
}
