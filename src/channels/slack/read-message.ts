import type { SlackPlace } from './place.js';

/** The fields of a Slack `message` or `app_mention` event Lumen reads. */
export interface SlackMessageEvent {
  type: string;
  subtype?: string;
  channel?: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  team?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
}

/** Who the app is, as `auth.test` reports it. */
export interface BotIdentity {
  userId?: string;
  botId?: string;
}

/** A message Lumen should consider, with its text cleaned of Slack markup. */
export interface InboundMessage {
  place: SlackPlace;
  userId: string;
  ts: string;
  text: string;
  /** The app was @mentioned; otherwise it is a DM or a thread follow-up. */
  mentioned: boolean;
  /** A channel message in a thread without a mention: answer only if Lumen is in the thread. */
  needsThread: boolean;
}

export type ReadResult = { ok: true; message: InboundMessage } | { ok: false; reason: string };

/** Subtypes that are still a person writing; every other subtype (edits, joins...) is ignored. */
const PERSON_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/**
 * Decides whether a message event is a question for Lumen and where to answer: DMs at
 * their level, mentions in a thread under the message, thread follow-ups in their thread.
 * Ignores the app's own messages, other bots (unless allowed), edits, joins and the like.
 */
export function readMessageEvent(
  event: SlackMessageEvent,
  teamId: string,
  bot: BotIdentity,
  options: { ignoreBots: boolean },
): ReadResult {
  if (!PERSON_SUBTYPES.has(event.subtype) && event.subtype !== 'bot_message') {
    return { ok: false, reason: `subtype ${event.subtype}` };
  }
  if ((bot.userId && event.user === bot.userId) || (bot.botId && event.bot_id === bot.botId)) {
    return { ok: false, reason: 'own message' };
  }
  if ((event.bot_id || event.subtype === 'bot_message') && options.ignoreBots) {
    return { ok: false, reason: 'bot message' };
  }
  const userId = event.user ?? event.bot_id;
  if (!userId || !event.channel || !event.ts) return { ok: false, reason: 'incomplete event' };

  const mention = bot.userId ? new RegExp(`<@${bot.userId}(\\|[^>]*)?>`, 'g') : undefined;
  const raw = event.text ?? '';
  const mentioned = event.type === 'app_mention' || (mention ? mention.test(raw) : false);
  const text = fromSlackText(mention ? raw.replace(mention, ' ') : raw);
  const direct =
    event.channel_type === 'im' || (event.channel_type === undefined && event.channel.startsWith('D'));
  const team = event.team ?? teamId;

  if (direct) {
    return {
      ok: true,
      message: {
        place: {
          teamId: team,
          channelId: event.channel,
          kind: 'direct',
          ...(event.thread_ts ? { threadTs: event.thread_ts } : {}),
        },
        userId,
        ts: event.ts,
        text,
        mentioned,
        needsThread: false,
      },
    };
  }
  if (!mentioned && !event.thread_ts) return { ok: false, reason: 'channel message without mention' };
  return {
    ok: true,
    message: {
      place: {
        teamId: team,
        channelId: event.channel,
        kind: event.channel_type === 'mpim' ? 'group' : 'channel',
        threadTs: event.thread_ts ?? event.ts,
      },
      userId,
      ts: event.ts,
      text,
      mentioned,
      needsThread: !mentioned,
    },
  };
}

/** Plain text from Slack's message markup: links to their labels, entities decoded. */
export function fromSlackText(text: string): string {
  return text
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/<mailto:([^|>]+)(\|[^>]+)?>/g, '$1')
    .replace(/<#[A-Z0-9]+\|([^>]+)>/g, '#$1')
    .replace(/<@([A-Z0-9]+)(\|([^>]+))?>/g, (_m, id: string, _l, label?: string) => `@${label ?? id}`)
    .replace(/<!(here|channel|everyone)(\|[^>]*)?>/g, '@$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The key that makes a message answered once: Slack redelivers it, and sends a mention twice. */
export function messageKey(message: Pick<InboundMessage, 'place' | 'ts'>): string {
  return `slack:${message.place.teamId}:${message.place.channelId}:${message.ts}`;
}
