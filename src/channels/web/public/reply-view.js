// Renders one reply inside a message bubble: author line, text, notice, sources and actions.

import { externalLink, h, ICONS, icon, isSafeUrl } from './dom.js';
import { renderMarkdown } from './markdown.js';

/** Mirrors FEEDBACK_REASON_LABELS in src/core/reply.ts. */
const REASON_LABELS = {
  not_relevant: 'Not relevant',
  incorrect: 'Incorrect',
  incomplete: 'Incomplete',
  outdated: 'Outdated',
  source_problem: 'Problem with a source',
  unsafe: 'Unsafe or inappropriate',
  other: 'Other',
};
const MAX_COMMENT_CHARS = 2000;

let formCount = 0;

function metaLine(reply) {
  const human = reply.kind === 'escalation_answer';
  const meta = h(
    'div',
    { class: 'meta' },
    h('span', { class: 'author', text: human ? 'From a person' : 'Lumen' }),
  );
  if (human) meta.append(h('span', { class: 'badge badge-human', text: 'Human answer' }));
  if (reply.quoted) meta.append(h('span', { class: 'badge badge-quoted', text: 'Quoted from sources' }));
  else if (reply.aiGenerated) meta.append(h('span', { class: 'badge', text: 'AI-generated' }));
  return meta;
}

function renderSources(citations) {
  const list = h('ol');
  for (const c of citations) {
    const title = isSafeUrl(c.url)
      ? externalLink(c.url, { text: c.title || c.location, title: c.snippet || undefined })
      : h('span', { text: c.title || c.location });
    list.append(
      h(
        'li',
        { class: 'source' },
        h('span', { class: 'source-n', text: String(c.n), 'aria-hidden': 'true' }),
        h('span', { class: 'visually-hidden', text: `Source ${c.n}: ` }),
        h(
          'span',
          {},
          title,
          ' ',
          c.location ? h('span', { class: 'source-location', text: c.location }) : null,
        ),
      ),
    );
  }
  return h('section', { class: 'sources', 'aria-label': 'Sources' }, h('h3', { text: 'Sources' }), list);
}

/** A file the reply carries, offered as a download built in the page (no request to the server). */
function renderAttachment(attachment) {
  const type = attachment.contentType === 'application/x-ndjson' ? 'application/x-ndjson' : 'text/csv';
  const name = String(attachment.filename || 'export.txt').replace(/[^\w.-]/g, '_');
  const url = URL.createObjectURL(new Blob([attachment.content], { type }));
  return h(
    'p',
    { class: 'attachment' },
    h('a', { href: url, download: name, class: 'button', text: `Download ${name}` }),
  );
}

/**
 * Fills a bubble with a complete reply: text, notice, sources and action buttons.
 * `runAction(payload, { button, container, onDone })` sends an action and shows its reply.
 */
export function fillReply(bubble, reply, runAction) {
  bubble.replaceChildren();
  const citations = Array.isArray(reply.citations) ? reply.citations : [];
  bubble.append(metaLine(reply));
  const content = h('div', { class: 'content' });
  content.append(renderMarkdown(reply.text || '', citations));
  bubble.append(content);
  if (reply.notice) bubble.append(h('p', { class: 'notice', text: reply.notice }));
  if (reply.attachment && typeof reply.attachment.content === 'string') {
    bubble.append(renderAttachment(reply.attachment));
  }
  if (citations.length > 0) bubble.append(renderSources(citations));
  const actions = Array.isArray(reply.actions) ? reply.actions : [];
  if (actions.length > 0) bubble.append(renderActions(actions, bubble, runAction));
}

function actionIcon(payload) {
  if (payload.name === 'escalate') return icon(ICONS.person);
  if (payload.name === 'feedback') return icon(payload.rating === 'helpful' ? ICONS.up : ICONS.down);
  return null;
}

/** Buttons of which only one may be chosen: a quiz answer, a confidence level, a lesson rating. */
const ONE_OF = new Set(['quiz_answer', 'confidence', 'lesson_feedback']);

function renderActions(actions, bubble, runAction) {
  const bar = h('div', { class: 'actions', role: 'group', 'aria-label': 'Answer actions' });
  const feedbackButtons = [];
  const choiceButtons = [];
  for (const action of actions) {
    const payload = action.payload || {};
    const isFeedback = payload.name === 'feedback';
    const isChoice = ONE_OF.has(payload.name);
    const button = h(
      'button',
      {
        type: 'button',
        class: `button${action.style === 'primary' ? ' button-primary' : ''}`,
        'aria-pressed': isFeedback || isChoice ? 'false' : undefined,
        'data-escalate-turn': payload.name === 'escalate' ? payload.turnId : undefined,
      },
      actionIcon(payload),
      action.label,
    );
    if (isFeedback) feedbackButtons.push(button);
    if (isChoice) choiceButtons.push(button);
    button.addEventListener('click', () => {
      if (isFeedback && payload.rating === 'not_helpful' && !payload.reason) {
        toggleReasonForm(bubble, payload, button, feedbackButtons, runAction);
        return;
      }
      const done = () => {
        if (isFeedback) markRated(feedbackButtons, button);
        else if (isChoice) markRated(choiceButtons, button);
        else button.disabled = true;
      };
      void runAction(payload, { button, container: bubble, onDone: done });
    });
    bar.append(button);
  }
  return bar;
}

function markRated(buttons, chosen) {
  for (const b of buttons) {
    b.setAttribute('aria-pressed', String(b === chosen));
    b.disabled = true;
  }
}

function toggleReasonForm(bubble, payload, button, feedbackButtons, runAction) {
  const existing = bubble.querySelector('.reason-form');
  if (existing) {
    existing.remove();
    button.setAttribute('aria-expanded', 'false');
    return;
  }
  const n = ++formCount;
  const select = h('select', { id: `reason-${n}`, name: 'reason', required: true });
  select.append(h('option', { value: '', text: 'Choose a reason…' }));
  for (const [value, label] of Object.entries(REASON_LABELS))
    select.append(h('option', { value, text: label }));
  const comment = h('textarea', {
    id: `comment-${n}`,
    name: 'comment',
    maxlength: String(MAX_COMMENT_CHARS),
    rows: '3',
  });
  const submit = h('button', { type: 'submit', class: 'button button-primary', text: 'Send feedback' });
  const cancel = h('button', { type: 'button', class: 'button', text: 'Cancel' });
  const form = h(
    'form',
    { class: 'reason-form', 'aria-label': 'Why was this not helpful?' },
    h('label', { for: `reason-${n}`, text: 'What was wrong?' }),
    select,
    h('label', { for: `comment-${n}`, text: 'Comment (optional)' }),
    comment,
    h('div', { class: 'form-buttons' }, cancel, submit),
  );
  cancel.addEventListener('click', () => {
    form.remove();
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!select.value) {
      select.focus();
      showInlineError(form, 'Choose a reason first.');
      return;
    }
    const full = { ...payload, reason: select.value };
    const text = comment.value.trim();
    if (text) full.comment = text.slice(0, MAX_COMMENT_CHARS);
    void runAction(full, {
      button: submit,
      container: form,
      onDone: () => {
        form.remove();
        markRated(feedbackButtons, button);
      },
    });
  });
  button.setAttribute('aria-expanded', 'true');
  bubble.append(form);
  select.focus();
  form.scrollIntoView({ block: 'nearest' });
}

/** Shows a short error inside `container`, replacing any earlier one. */
export function showInlineError(container, message) {
  let el = container.querySelector(':scope > .inline-error');
  if (!el) {
    el = h('p', { class: 'inline-error', role: 'alert' });
    container.append(el);
  }
  el.textContent = message;
}

/** Removes the error `showInlineError` put in `container`. */
export function clearInlineError(container) {
  container.querySelector(':scope > .inline-error')?.remove();
}
