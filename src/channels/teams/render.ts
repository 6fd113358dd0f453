import type { Activity, Entity } from 'botbuilder';
import type { Citation, Reply, ReplyAction } from '../../core/reply.js';
import { actionsCard, noticeCard } from './cards.js';
import { toTeamsMarkdown } from './teams-markdown.js';

/** How replies render for one Lumen deployment. */
export interface RenderOptions {
  /** Base for relative citation links (`/knowledge/...`); without it those links are left out. */
  publicUrl?: string;
}

/** Teams shows at most this many citations in one message; its client schema allows no more. */
export const MAX_TEAMS_CITATIONS = 10;

/** Knowledge files Lumen serves as a readable page, where the cited passage can be highlighted. */
const READABLE_PAGE = /^\/knowledge\/[^?#]+\.(?:md|markdown|html?)$/i;

/** Replies shown as a card rather than chat text. */
const CARD_KINDS = new Set<Reply['kind']>([
  'escalated',
  'escalation_answer',
  'admin',
  'feedback_reason_request',
]);

/**
 * A Reply as a Teams message: markdown text with `[n]` markers, one schema.org Message
 * entity carrying the AI label and the citations, the native feedback loop for rateable
 * answers (instead of rating buttons), and an Adaptive Card for the remaining actions.
 */
export function toTeamsMessage(reply: Reply, options: RenderOptions = {}): Partial<Activity> {
  const feedbackLoop = reply.turnId !== undefined && reply.actions.some(isRating);
  const others = feedbackLoop ? reply.actions.filter((a) => !isRating(a)) : reply.actions;
  const asCard = CARD_KINDS.has(reply.kind);
  const message = messageEntity(reply, options);
  const attachments = asCard
    ? [noticeCard({ ...reply, actions: others })]
    : others.length > 0
      ? [actionsCard(others)]
      : [];
  // A card reply says everything in its card; the text would only repeat it. The summary
  // is what notifications and the chat list show.
  return {
    type: 'message',
    ...(asCard
      ? { summary: summary(reply) }
      : { text: toTeamsMarkdown(withoutUnshownMarkers(withNotice(reply))), textFormat: 'markdown' }),
    ...(message ? { entities: [message] } : {}),
    ...(attachments.length > 0 ? { attachments } : {}),
    ...(feedbackLoop
      ? { channelData: { feedbackLoopEnabled: true, feedbackLoop: { type: 'default' } } }
      : {}),
  };
}

/** The schema.org Message entity Teams reads the AI label and citations from, if either applies. */
export function messageEntity(reply: Reply, options: RenderOptions = {}): Entity | undefined {
  const citations = reply.citations.slice(0, MAX_TEAMS_CITATIONS);
  if (!reply.aiGenerated && citations.length === 0) return undefined;
  return {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    ...(reply.aiGenerated ? { additionalType: ['AIGeneratedContent'] } : {}),
    ...(citations.length > 0 ? { citation: citations.map((c) => toClaim(c, options)) } : {}),
  };
}

/** The citation's hover card: its document, and as its abstract the passage the answer cites. */
function toClaim(citation: Citation, options: RenderOptions) {
  const url = citationUrl(citation, options.publicUrl);
  return {
    '@type': 'Claim',
    position: citation.n,
    appearance: {
      '@type': 'DigitalDocument',
      name: clip(citation.title || citation.location, 80),
      ...(url ? { url } : {}),
      abstract: clip(citation.snippet, 160),
      keywords: [clip(citation.location, 28)],
    },
  };
}

/**
 * The link a citation opens. Lumen's own Markdown and HTML pages get the cited passage to
 * highlight (`hl`) and jump to it (`#cited`).
 */
function citationUrl(citation: Citation, base: string | undefined): string | undefined {
  const url = absoluteUrl(citation.url, base);
  if (!url || !base || !READABLE_PAGE.test(citation.url) || !citation.snippet.trim()) return url;
  return `${url}?hl=${encodeURIComponent(clip(citation.snippet, 300))}#cited`;
}

function absoluteUrl(url: string, base: string | undefined): string | undefined {
  if (/^https:\/\//i.test(url)) return url;
  if (url.startsWith('/') && base) return `${base}${url}`;
  return undefined;
}

function clip(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}

/** Markers of citations past the tenth have no entity in Teams and would show as raw `[12]`. */
function withoutUnshownMarkers(text: string): string {
  return text.replace(/ ?\[(\d{1,3})\]/g, (marker, n: string) =>
    Number(n) > MAX_TEAMS_CITATIONS ? '' : marker,
  );
}

function withNotice(reply: Reply): string {
  // Teams' own label covers model-written text; an answer that only quotes its sources says so.
  const lines = [reply.text, ...(reply.quoted ? ['_Quoted from sources_'] : [])];
  if (reply.notice) lines.push(`_${reply.notice}_`);
  return lines.join('\n\n');
}

/** Card replies keep a short plain summary for notifications. */
function summary(reply: Reply): string {
  const first = reply.text.split('\n').find((line) => line.trim()) ?? reply.text;
  return clip(first.replace(/[*_`]/g, ''), 120);
}

/** A plain helpful / not helpful button, which the Teams feedback loop replaces. */
function isRating(action: ReplyAction): boolean {
  return action.payload.name === 'feedback' && action.payload.reason === undefined;
}
