import type { ActionPayload } from '../../core/reply.js';
import { conversationKey, type TurnConversation } from '../../core/turn.js';

/** Where a Slack conversation lives and how replies reach it. */
export interface SlackPlace {
  teamId: string;
  channelId: string;
  /** The thread replies go into; absent for a DM's top level. */
  threadTs?: string;
  kind: TurnConversation['kind'];
  /** Set for `/lumen` conversations: replies are visible to this user only. */
  privateTo?: string;
}

const PRIVATE_PREFIX = 'private.';

/** The core's conversation for a Slack place; a private `/lumen` conversation counts as direct. */
export function toConversation(place: SlackPlace, audience?: string[]): TurnConversation {
  const threadId = place.privateTo ? `${PRIVATE_PREFIX}${place.privateTo}` : place.threadTs;
  return {
    id: place.channelId,
    ...(threadId ? { threadId } : {}),
    kind: place.privateTo ? 'direct' : place.kind,
    tenantId: place.teamId,
    ...(audience?.length && !place.privateTo && place.kind !== 'direct' ? { audience } : {}),
  };
}

/** The core's conversation key for a Slack place. */
export function placeKey(place: SlackPlace): string {
  return conversationKey({ channel: 'slack', conversation: toConversation(place) });
}

/** The place a core conversation key names, for messages sent later (escalation answers). */
export function placeFromKey(key: string): SlackPlace | undefined {
  const [channel, teamId, channelId, thread] = key.split(':');
  if (channel !== 'slack' || !teamId || !channelId) return undefined;
  const kind: SlackPlace['kind'] = channelId.startsWith('D') ? 'direct' : 'channel';
  if (thread?.startsWith(PRIVATE_PREFIX)) {
    return { teamId, channelId, kind, privateTo: thread.slice(PRIVATE_PREFIX.length) };
  }
  return { teamId, channelId, kind, ...(thread ? { threadTs: thread } : {}) };
}

/** What a button carries: the core's payload and the conversation it belongs to. */
export interface ButtonValue {
  action: ActionPayload;
  place: SlackPlace;
}

/** Slack caps a button value at 2000 characters. */
const VALUE_LIMIT = 2000;

export function encodeButtonValue(value: ButtonValue): string {
  const encoded = JSON.stringify({ a: value.action, p: value.place });
  if (encoded.length <= VALUE_LIMIT) return encoded;
  // Only a note can make it long; the rest is ids.
  const { note: _note, ...action } = value.action as ActionPayload & { note?: string };
  return JSON.stringify({ a: action, p: value.place });
}

/** Reads a button value back; undefined when it is not one of ours. */
export function decodeButtonValue(value: string | undefined): ButtonValue | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value) as { a?: ActionPayload; p?: SlackPlace };
    if (!parsed.a || !parsed.p || typeof parsed.p.channelId !== 'string') return undefined;
    return { action: parsed.a, place: parsed.p };
  } catch {
    return undefined;
  }
}
