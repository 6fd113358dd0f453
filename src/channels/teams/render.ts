import type { Activity, Entity } from 'botbuilder';
import type { Citation, Reply, ReplyAction } from '../../core/reply.js';
import { actionsCard, noticeCard } from './cards.js';

/** How replies render for one Lumen deployment. */
export interface RenderOptions {
  /** Base for relative citation links (`/knowledge/...`); without it those links are left out. */
  publicUrl?: string;
}

/** Teams shows at most this many citations; it rejects messages with more. */
const MAX_CITATIONS = 20;

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
  const text = asCard ? summary(reply) : withNotice(reply);
  const message = messageEntity(reply, options);
  const attachments = asCard
    ? [noticeCard({ ...reply, actions: others })]
    : others.length > 0
      ? [actionsCard(others)]
      : [];
  return {
    type: 'message',
    text,
    textFormat: 'markdown',
    ...(message ? { entities: [message] } : {}),
    ...(attachments.length > 0 ? { attachments } : {}),
    ...(feedbackLoop
      ? { channelData: { feedbackLoopEnabled: true, feedbackLoop: { type: 'default' } } }
      : {}),
  };
}

/** The schema.org Message entity Teams reads the AI label and citations from, if either applies. */
export function messageEntity(reply: Reply, options: RenderOptions = {}): Entity | undefined {
  const citations = reply.citations.slice(0, MAX_CITATIONS);
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

function toClaim(citation: Citation, options: RenderOptions) {
  const url = absoluteUrl(citation.url, options.publicUrl);
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

function absoluteUrl(url: string, base: string | undefined): string | undefined {
  if (/^https:\/\//i.test(url)) return url;
  if (url.startsWith('/') && base) return `${base}${url}`;
  return undefined;
}

function clip(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}

function withNotice(reply: Reply): string {
  // Teams' own label covers model-written text; an answer that only quotes its sources says so.
  const lines = [reply.text, ...(reply.quoted ? ['_Quoted from sources_'] : [])];
  if (reply.notice) lines.push(`_${reply.notice}_`);
  return lines.join('\n\n');
}

/** Card replies keep a short text for notifications and screen readers. */
function summary(reply: Reply): string {
  return reply.text.split('\n')[0] ?? reply.text;
}

/** A plain helpful / not helpful button, which the Teams feedback loop replaces. */
function isRating(action: ReplyAction): boolean {
  return action.payload.name === 'feedback' && action.payload.reason === undefined;
}
