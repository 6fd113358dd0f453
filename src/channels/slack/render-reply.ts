import type { types } from '@slack/bolt';
import type { Reply, ReplyAction } from '../../core/reply.js';
import { escapeMrkdwn, slackLink, toMrkdwn, toPlainText } from './mrkdwn.js';
import { encodeButtonValue, type SlackPlace } from './place.js';
import { MESSAGE_BLOCK_LIMIT, SECTION_TEXT_LIMIT, splitMrkdwn } from './split-text.js';

type Block = types.KnownBlock;

/** One Slack message: Block Kit blocks and the notification text shown where blocks are not. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export interface RenderOptions {
  /** The conversation the reply's buttons act on. */
  place: SlackPlace;
  /** Base for relative citation links. */
  publicUrl?: string;
  /** Shown first in private replies to `/lumen`, so the asker sees what was asked. */
  question?: string;
}

/** Action ids of the buttons Lumen renders. */
export const ACTION_IDS = {
  helpful: 'lumen_feedback_helpful',
  notHelpful: 'lumen_feedback_not_helpful',
  reasonPrefix: 'lumen_feedback_reason_',
  escalate: 'lumen_escalate',
  /** Other buttons (escalation steps, queue, lessons and quizzes), numbered by position. */
  otherPrefix: 'lumen_action_',
} as const;

/** Matches every action id above. */
export const ACTION_ID_PATTERN = /^lumen_(feedback_|escalate|action_)/;

/** Under an answer that only quotes its sources: no model wrote it. */
export const QUOTED_LABEL = 'Quoted from company sources, as they are written.';

export const AI_DISCLAIMER =
  'AI-generated from company sources. Check important details before acting on them.';

/** Slack caps notification text well above this; keep it short for previews. */
const NOTIFICATION_CHARS = 2900;

/**
 * Renders a Reply as Block Kit: the answer in mrkdwn sections, its numbered sources, the AI
 * disclaimer, any notice, and its buttons. Replies too long for one message (50 blocks)
 * continue in further messages; the buttons go on the last one.
 */
export function renderReply(reply: Reply, options: RenderOptions): SlackMessage[] {
  const body: Block[] = [];
  if (options.question !== undefined) {
    body.push(context(`*You asked:* ${escapeMrkdwn(truncate(options.question, 2800))}`));
  }
  const text = toMrkdwn(reply.text, options.publicUrl ? { publicUrl: options.publicUrl } : {});
  for (const piece of splitMrkdwn(text)) body.push(section(piece));
  if (reply.citations.length > 0) body.push(...sourcesBlocks(reply, options.publicUrl));
  return pack(body, renderFooter(reply, options), text);
}

/** The blocks under an answer's text: notice, AI disclaimer and buttons. */
export function renderFooter(reply: Reply, options: RenderOptions): Block[] {
  const footer: Block[] = [];
  if (reply.notice) footer.push(context(escapeMrkdwn(reply.notice)));
  if (reply.quoted) footer.push(context(QUOTED_LABEL));
  else if (reply.aiGenerated) footer.push(context(AI_DISCLAIMER));
  const actions = actionsBlock(reply.actions, options.place);
  if (actions) footer.push(actions);
  return footer;
}

/** The sources section alone, for answers whose text was streamed. */
export function renderSources(reply: Reply, publicUrl?: string): Block[] {
  return reply.citations.length > 0 ? sourcesBlocks(reply, publicUrl) : [];
}

/** Renders the partial text of an answer still being written (no sources or buttons yet). */
export function renderPartial(textSoFar: string, publicUrl?: string): SlackMessage {
  const text = toMrkdwn(textSoFar, publicUrl ? { publicUrl } : {});
  const pieces = splitMrkdwn(text).slice(0, MESSAGE_BLOCK_LIMIT - 1);
  return {
    text: notification(text),
    blocks: [...pieces.map(section), context('_Writing…_')],
  };
}

function sourcesBlocks(reply: Reply, publicUrl?: string): Block[] {
  const lines = reply.citations.map((c) => {
    const location = c.location && c.location !== c.title ? ` · ${escapeMrkdwn(c.location)}` : '';
    return `${c.n}. ${slackLink(c.title || c.location, c.url, publicUrl)}${location}`;
  });
  return splitMrkdwn(`*Sources*\n${lines.join('\n')}`).map(section);
}

function actionsBlock(actions: ReplyAction[], place: SlackPlace): Block | undefined {
  if (actions.length === 0) return undefined;
  const seen = new Set<string>();
  const elements: types.Button[] = [];
  for (const [position, action] of actions.slice(0, 25).entries()) {
    const actionId = actionIdOf(action, position);
    if (seen.has(actionId)) continue;
    seen.add(actionId);
    elements.push({
      type: 'button',
      action_id: actionId,
      text: { type: 'plain_text', text: truncate(action.label, 75), emoji: true },
      value: encodeButtonValue({ action: action.payload, place }),
      ...(action.style ? { style: action.style } : {}),
    });
  }
  return { type: 'actions', block_id: 'lumen_actions', elements };
}

function actionIdOf(action: ReplyAction, position: number): string {
  const payload = action.payload;
  if (payload.name === 'escalate') return ACTION_IDS.escalate;
  // Slack refuses two buttons with one id in a message: quiz choices differ only by position.
  if (payload.name !== 'feedback') return `${ACTION_IDS.otherPrefix}${payload.name}_${position}`;
  if (payload.reason) return `${ACTION_IDS.reasonPrefix}${payload.reason}`;
  return payload.rating === 'helpful' ? ACTION_IDS.helpful : ACTION_IDS.notHelpful;
}

/** Fills messages up to the block limit; the footer stays together on the last message. */
function pack(body: Block[], footer: Block[], text: string): SlackMessage[] {
  const messages: Block[][] = [];
  let current: Block[] = [];
  for (const block of body) {
    if (current.length === MESSAGE_BLOCK_LIMIT) {
      messages.push(current);
      current = [];
    }
    current.push(block);
  }
  if (current.length + footer.length > MESSAGE_BLOCK_LIMIT) {
    messages.push(current);
    current = [];
  }
  current.push(...footer);
  messages.push(current);
  return messages.map((blocks, i) => ({
    text: i === 0 ? notification(text) : '(continued)',
    blocks,
  }));
}

function notification(mrkdwn: string): string {
  return truncate(toPlainText(mrkdwn), NOTIFICATION_CHARS) || 'Lumen';
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: text || ' ' } };
}

function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, SECTION_TEXT_LIMIT - 1) }] };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
