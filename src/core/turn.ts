import type { Principal } from './knowledge-types.js';
import type { ActionPayload } from './reply.js';

/** The surface a turn arrived on. */
export type ChannelKind = 'web' | 'cli' | 'slack' | 'teams';

/** Who sent a turn, as far as the channel knows. */
export interface TurnUser {
  /** Channel-scoped id (Slack user id, Teams AAD object id, web session id). */
  id: string;
  name?: string;
  email?: string;
  /** Entra (Azure AD) object id when known. */
  aadObjectId?: string;
  /** Group names the user belongs to, as the identity system reports them. */
  groups?: string[];
  /**
   * True when the channel could not verify who this is (Teams without an app id, where the
   * caller writes the activity). Such a person is never an admin.
   */
  unverified?: boolean;
  /** A browser session nobody signed in to: it may ask and learn, but is not a person campaigns target. */
  anonymous?: boolean;
}

/** Where a turn happened. */
export interface TurnConversation {
  id: string;
  threadId?: string;
  /** `direct`: only the asker sees replies; `group`/`channel`: several people do. */
  kind: 'direct' | 'group' | 'channel';
  tenantId?: string;
  /**
   * For shared conversations: what every member may read. Defaults to public content only.
   */
  audience?: Principal[];
}

/** A channel-neutral inbound event: a message or an action such as a button press. */
export interface Turn {
  /** The channel's id for this event, used to answer it once. */
  id: string;
  channel: ChannelKind;
  user: TurnUser;
  conversation: TurnConversation;
  text?: string;
  action?: ActionPayload;
  locale?: string;
  timeZone?: string;
  receivedAt: Date;
}

/** The key that groups turns into one conversation history (a thread counts as its own). */
export function conversationKey(turn: Pick<Turn, 'channel' | 'conversation'>): string {
  const { channel, conversation } = turn;
  return [channel, conversation.tenantId ?? '', conversation.id, conversation.threadId ?? ''].join(':');
}
