import type { webApi } from '@slack/bolt';
import { describeError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';
import type { Reply } from '../../core/reply.js';
import type { Pacer } from './pacer.js';
import type { SlackPlace } from './place.js';
import { renderReply, type SlackMessage } from './render-reply.js';

/** Posts to a `response_url` (Bolt's `respond`): private replies to commands and buttons. */
export type Respond = (message: {
  text: string;
  blocks: SlackMessage['blocks'];
  response_type: 'ephemeral';
  replace_original: false;
}) => Promise<unknown>;

/** How a reply reaches Slack: who asked, and the private channel back to them if any. */
export interface DeliveryOptions {
  userId: string;
  question?: string;
  respond?: Respond;
}

/** What people see when Lumen's answer could not be posted. */
export const POST_FAILED_TEXT = "Sorry, I couldn't post my answer just now. Please try again in a moment.";

/**
 * Sends rendered replies with the Web API: messages in the conversation (paced per channel),
 * private replies to the asker, updates of a message. When posting fails after the client's
 * retries, the asker gets a short error and the failure is logged; nothing fails silently.
 */
export class SlackPoster {
  constructor(
    readonly client: webApi.WebClient,
    private readonly pacer: Pacer,
    private readonly log: Logger,
    readonly publicUrl?: string,
  ) {}

  /** Renders and delivers a reply where it belongs; returns the first message's ts if public. */
  async deliver(place: SlackPlace, reply: Reply, options: DeliveryOptions): Promise<string | undefined> {
    const messages = renderReply(reply, {
      place,
      ...(this.publicUrl ? { publicUrl: this.publicUrl } : {}),
      ...(options.question !== undefined && isPrivate(place, reply) ? { question: options.question } : {}),
    });
    try {
      if (isPrivate(place, reply)) {
        await this.sendPrivate(place, options, messages);
        return undefined;
      }
      return await this.post(place, messages);
    } catch (error) {
      await this.reportFailure(place, options.userId, error, options.respond);
      return undefined;
    }
  }

  /** Posts messages in order into the place's conversation; returns the first ts. */
  async post(place: SlackPlace, messages: SlackMessage[]): Promise<string | undefined> {
    let first: string | undefined;
    for (const message of messages) {
      const result = await this.pacer.run(place.channelId, () =>
        this.client.chat.postMessage({
          channel: place.channelId,
          ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
      first ??= result.ts;
    }
    return first;
  }

  async update(place: SlackPlace, ts: string, message: SlackMessage): Promise<void> {
    await this.client.chat.update({
      channel: place.channelId,
      ts,
      text: message.text,
      blocks: message.blocks,
    });
  }

  /** Messages only the asker sees: through `response_url` when there is one, else ephemeral. */
  async sendPrivate(place: SlackPlace, options: DeliveryOptions, messages: SlackMessage[]): Promise<void> {
    for (const message of messages) {
      if (options.respond) {
        await options.respond({
          text: message.text,
          blocks: message.blocks,
          response_type: 'ephemeral',
          replace_original: false,
        });
      } else {
        await this.pacer.run(place.channelId, () =>
          this.client.chat.postEphemeral({
            channel: place.channelId,
            user: options.userId,
            ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
            text: message.text,
            blocks: message.blocks,
          }),
        );
      }
    }
  }

  /** Logs a failed post and tells the asker privately; a second failure is logged too. */
  async reportFailure(place: SlackPlace, userId: string, error: unknown, respond?: Respond): Promise<void> {
    this.log.error('slack post failed', {
      code: 'slack.post_failed',
      channelId: place.channelId,
      threadTs: place.threadTs,
      userId,
      error: describeError(error),
    });
    try {
      if (respond) {
        await respond({
          text: POST_FAILED_TEXT,
          blocks: [],
          response_type: 'ephemeral',
          replace_original: false,
        });
      } else {
        await this.client.chat.postEphemeral({
          channel: place.channelId,
          user: userId,
          ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
          text: POST_FAILED_TEXT,
        });
      }
    } catch (second) {
      this.log.error('slack error notice failed too', {
        code: 'slack.notice_failed',
        channelId: place.channelId,
        userId,
        error: describeError(second),
      });
    }
  }
}

/** Whether only the asker should see a reply in this place. */
export function isPrivate(place: SlackPlace, reply: Reply): boolean {
  return place.privateTo !== undefined || (reply.visibility === 'asker' && place.kind !== 'direct');
}
