import type { Reply } from '../reply.js';
import type { ChannelKind } from '../turn.js';

/** Where an unsolicited message goes: the conversation a turn came from. */
export interface DeliveryTarget {
  channel: ChannelKind;
  conversationKey: string;
  userId: string;
  /** Identifies one message, so a channel that can may drop a repeat sent after a crash. */
  deliveryKey?: string;
}

/** What a channel tells about a message it delivered. */
export interface Delivered {
  /** The channel's own reference to the message, for `replace`. */
  messageRef?: string;
}

/** Sends messages nobody asked for right now (escalation answers, nudges). */
export interface Messenger {
  // biome-ignore lint/suspicious/noConfusingVoidType: a messenger that cannot say where a message went returns nothing
  deliver(target: DeliveryTarget, reply: Reply): Promise<Delivered | void>;
  /**
   * Puts `reply` in place of a message delivered before; false when the channel cannot
   * edit messages (or this one), so the caller sends a new message instead.
   */
  replace?(target: DeliveryTarget, messageRef: string, reply: Reply): Promise<boolean>;
}
