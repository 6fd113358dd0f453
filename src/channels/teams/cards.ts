import type { Attachment } from 'botbuilder';
import type { Reply, ReplyAction } from '../../core/reply.js';
import { toSubmitData } from './card-actions.js';
import { toTeamsMarkdown } from './teams-markdown.js';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

type CardElement = Record<string, unknown>;

/** An Adaptive Card (1.5, what Teams renders everywhere) as a message attachment. */
export function adaptiveCard(body: CardElement[], actions: CardElement[] = []): Attachment {
  return {
    contentType: ADAPTIVE_CARD,
    content: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body,
      ...(actions.length > 0 ? { actions } : {}),
    },
  };
}

/** A button that sends its payload back to Lumen as card submit data. */
export function submitAction(action: ReplyAction): CardElement {
  return {
    type: 'Action.Submit',
    title: action.label,
    ...(action.style === 'danger' ? { style: 'destructive' } : action.style ? { style: 'positive' } : {}),
    data: toSubmitData(action.payload),
  };
}

const HEADINGS: Partial<Record<Reply['kind'], string>> = {
  escalated: 'Passed to a person',
  admin: 'Lumen admin',
  feedback_reason_request: 'What was wrong?',
};

/**
 * The card for replies that are notices rather than chat answers: escalation notices, a
 * person's answer (whose text opens with who answered), admin views. The whole reply
 * lives in the card.
 */
export function noticeCard(reply: Reply): Attachment {
  const heading = HEADINGS[reply.kind];
  const body: CardElement[] = [
    ...(heading ? [{ type: 'TextBlock', text: heading, weight: 'Bolder', size: 'Medium', wrap: true }] : []),
    { type: 'TextBlock', text: toTeamsMarkdown(reply.text), wrap: true },
    ...(reply.notice
      ? [{ type: 'TextBlock', text: reply.notice, isSubtle: true, size: 'Small', wrap: true }]
      : []),
  ];
  return adaptiveCard(body, reply.actions.map(submitAction));
}

/** A small card holding only buttons, under an answer whose text carries the citations. */
export function actionsCard(actions: ReplyAction[]): Attachment {
  return adaptiveCard([], actions.map(submitAction));
}
