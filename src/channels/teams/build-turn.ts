import { type Activity, TurnContext } from 'botbuilder';
import type { ActionPayload } from '../../core/reply.js';
import { conversationKey, type Turn, type TurnConversation, type TurnUser } from '../../core/turn.js';

/** Teams appends the root post's id to a channel thread's conversation id after this marker. */
const THREAD_MARKER = ';messageid=';

/** Where a Teams activity happened, as the core sees it. */
export function toTeamsConversation(activity: Partial<Activity>): TurnConversation {
  const raw = activity.conversation?.id ?? '';
  const at = raw.indexOf(THREAD_MARKER);
  const id = at >= 0 ? raw.slice(0, at) : raw;
  const threadId = at >= 0 ? raw.slice(at + THREAD_MARKER.length) : undefined;
  const type = activity.conversation?.conversationType;
  const kind = type === 'channel' ? 'channel' : type === 'groupChat' ? 'group' : 'direct';
  const tenantId = activity.conversation?.tenantId ?? tenantOf(activity);
  return {
    id,
    ...(threadId ? { threadId } : {}),
    kind,
    ...(tenantId ? { tenantId } : {}),
  };
}

/** The core's conversation key for an activity's conversation (a channel thread counts as its own). */
export function toTeamsConversationKey(activity: Partial<Activity>): string {
  return conversationKey({ channel: 'teams', conversation: toTeamsConversation(activity) });
}

/** The sender: the Entra object id when Teams sends one, which is what ACLs name. */
export function toTeamsUser(activity: Partial<Activity>): TurnUser {
  const from = activity.from;
  const aadObjectId = from?.aadObjectId;
  return {
    id: aadObjectId ?? from?.id ?? 'unknown',
    ...(from?.name ? { name: from.name } : {}),
    ...(aadObjectId ? { aadObjectId } : {}),
  };
}

/**
 * Whether Lumen should answer: always in personal chat; in channels and group chats only
 * when the message @mentions the bot itself.
 */
export function isAddressedToBot(activity: Partial<Activity>): boolean {
  if (toTeamsConversation(activity).kind === 'direct') return true;
  const botId = activity.recipient?.id;
  return (activity.entities ?? []).some(
    (entity) => entity.type === 'mention' && (entity.mentioned as { id?: string } | undefined)?.id === botId,
  );
}

/** The question text without the bot's @mention, leftover markup and surrounding space. */
export function questionText(activity: Partial<Activity>): string {
  const copy = { ...activity, entities: activity.entities ?? [] };
  const withoutMention = TurnContext.removeRecipientMention(copy) ?? activity.text ?? '';
  return decodeEntities(withoutMention.replace(/<\/?at>/g, '').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Builds the channel-neutral Turn for a Teams message or card action. */
export function toTeamsTurn(
  activity: Partial<Activity>,
  input: { receivedAt: Date; text?: string; action?: ActionPayload },
): Turn {
  return {
    id: activity.id ?? `teams-${input.receivedAt.getTime()}`,
    channel: 'teams',
    user: toTeamsUser(activity),
    conversation: toTeamsConversation(activity),
    ...(input.text !== undefined ? { text: input.text } : {}),
    ...(input.action !== undefined ? { action: input.action } : {}),
    ...(activity.locale ? { locale: activity.locale } : {}),
    ...(activity.localTimezone ? { timeZone: activity.localTimezone } : {}),
    receivedAt: input.receivedAt,
  };
}

function tenantOf(activity: Partial<Activity>): string | undefined {
  const data = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  return typeof data?.tenant?.id === 'string' ? data.tenant.id : undefined;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
