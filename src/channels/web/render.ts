import type { OutboxMessage } from '../../core/ports.js';
import type { Reply } from '../../core/reply.js';

/** A reply as the web page receives it: the Reply itself, with links it may not open removed. */
export type WebReply = Reply;

/** An outbox message as the page polls it. */
export interface WebOutboxMessage {
  seq: number;
  reply: WebReply;
  createdAt: string;
}

/** One line of the NDJSON answer stream. */
export type WebStreamEvent =
  | { type: 'partial'; text: string }
  | { type: 'reply'; reply: WebReply }
  | { type: 'error'; error: { code: string; message: string } };

/** True for links a browser may follow from a reply: site-relative paths and http(s) URLs. */
export function isSafeUrl(url: string): boolean {
  if (url.startsWith('/')) return !url.startsWith('//') && !url.startsWith('/\\');
  return /^https?:\/\//i.test(url);
}

/** Renders a Reply for the page; a citation whose url is not a safe link keeps an empty url. */
export function toWebReply(reply: Reply): WebReply {
  return {
    ...reply,
    citations: reply.citations.map((c) => (isSafeUrl(c.url) ? c : { ...c, url: '' })),
  };
}

/** Renders a delivered outbox message for polling. */
export function toWebOutboxMessage(message: OutboxMessage): WebOutboxMessage {
  return { seq: message.seq, reply: toWebReply(message.reply), createdAt: message.createdAt.toISOString() };
}
