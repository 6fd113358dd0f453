// Lumen web chat: sends questions and actions to the chat API and shows the replies.
// Untrusted text only ever becomes DOM text nodes, never HTML.

import { errorMessage, httpError, readNdjson, userError } from './api.js';
import { h, ICONS, icon } from './dom.js';
import { renderMarkdown } from './markdown.js';
import { clearInlineError, fillReply, showInlineError } from './reply-view.js';

/** How long the server may hold a poll for new messages open, in seconds. */
const POLL_WAIT_S = 25;
const POLL_RETRY_MS = 4000;
const MAX_SAVED_ENTRIES = 200;
const KEYS = {
  conversation: 'lumen.conversationId',
  persona: 'lumen.personaId',
  transcript: (id) => `lumen.transcript.${id}`,
  lastSeq: (id) => `lumen.lastSeq.${id}`,
};

const $ = (id) => document.getElementById(id);
const els = {
  chat: $('chat'),
  empty: $('empty-state'),
  messages: $('messages'),
  form: $('composer'),
  question: $('question'),
  send: $('send'),
  error: $('composer-error'),
  newConversation: $('new-conversation'),
  examples: $('examples'),
  exampleList: $('example-list'),
  personaPicker: $('persona-picker'),
  personaSelect: $('persona-select'),
  demoBanner: $('demo-banner'),
};

const state = {
  config: { identityMode: 'anonymous' },
  conversationId: '',
  personaId: '',
  lastSeq: 0,
  transcript: [],
  busy: false,
  /** Ends the poll in flight when the conversation changes. */
  pollAbort: null,
};

// ---------------------------------------------------------------- messages

function scrollToEnd() {
  els.chat.scrollTop = els.chat.scrollHeight;
}

function updateEmptyState() {
  els.empty.hidden = els.messages.children.length > 0;
}

function appendUserMessage(text) {
  const li = h('li', { class: 'message message-user' }, h('div', { class: 'bubble', text }));
  els.messages.append(li);
  updateEmptyState();
  scrollToEnd();
  return li;
}

function messageClass(kind) {
  const human = kind === 'escalation_answer' ? ' message-human' : '';
  return `message message-assistant${human}${kind === 'error' ? ' message-error' : ''}`;
}

function assistantShell(kind) {
  const human = kind === 'escalation_answer';
  const li = h('li', { class: messageClass(kind), 'data-kind': kind });
  const avatar = human
    ? h('div', { class: 'avatar', 'aria-hidden': 'true' }, icon(ICONS.person))
    : h('div', { class: 'avatar', 'aria-hidden': 'true' }, h('img', { src: 'favicon.svg', alt: '' }));
  const bubble = h('div', { class: 'bubble' });
  li.append(avatar, bubble);
  return { li, bubble };
}

function appendReply(reply) {
  const { li, bubble } = assistantShell(reply.kind);
  fillReply(bubble, reply, runAction);
  els.messages.append(li);
  afterReply(reply);
  updateEmptyState();
  scrollToEnd();
  return li;
}

/** Once a question is with a person, its "talk to a human" buttons have done their job. */
function afterReply(reply) {
  if (reply.kind !== 'escalated' || !reply.turnId) return;
  for (const button of els.messages.querySelectorAll('button[data-escalate-turn]')) {
    if (button.dataset.escalateTurn === reply.turnId) button.disabled = true;
  }
}

/** A placeholder that shows typing dots, then partial text, then the final reply. */
function pendingReply() {
  const { li, bubble } = assistantShell('pending');
  const typing = h('div', { class: 'typing', role: 'status', 'aria-label': 'Lumen is answering' });
  typing.append(h('span'), h('span'), h('span'));
  bubble.append(h('div', { class: 'meta' }, h('span', { class: 'author', text: 'Lumen' })), typing);
  els.messages.append(li);
  updateEmptyState();
  scrollToEnd();
  const content = h('div', { class: 'content' });
  return {
    partial(text) {
      if (typing.isConnected) typing.replaceWith(content);
      content.replaceChildren(renderMarkdown(text, []));
      scrollToEnd();
    },
    finish(reply) {
      li.className = messageClass(reply.kind);
      li.dataset.kind = reply.kind;
      fillReply(bubble, reply, runAction);
      afterReply(reply);
      scrollToEnd();
    },
    remove() {
      li.remove();
      updateEmptyState();
    },
  };
}

// ---------------------------------------------------------------- actions

async function runAction(payload, { button, container, onDone }) {
  button.disabled = true;
  clearInlineError(container);
  try {
    const res = await fetch('api/chat/actions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(withPersona({ conversationId: state.conversationId, action: payload })),
    });
    if (!res.ok) throw await httpError(res);
    const data = await res.json();
    const bubble = container.closest('.bubble') || container;
    onDone();
    if (data.reply.kind === 'feedback_thanks') {
      // Thanks for a rating belongs with the rated message, not under later ones.
      bubble.querySelector(':scope > .feedback-ack')?.remove();
      bubble.append(h('p', { class: 'feedback-ack', role: 'status', text: data.reply.text }));
      return;
    }
    appendReply(data.reply);
    remember({ role: 'assistant', reply: data.reply });
  } catch (error) {
    button.disabled = false;
    showInlineError(container, errorMessage(error));
  }
}

// ---------------------------------------------------------------- asking

function withPersona(body) {
  return state.personaId ? { ...body, personaId: state.personaId } : body;
}

async function ask(text) {
  setBusy(true);
  hideError();
  const userLi = appendUserMessage(text);
  const pending = pendingReply();
  els.messages.setAttribute('aria-busy', 'true');
  try {
    const res = await fetch('api/chat/messages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson' },
      body: JSON.stringify(withPersona({ conversationId: state.conversationId, text })),
    });
    if (!res.ok) throw await httpError(res);
    let reply = null;
    await readNdjson(res, (event) => {
      if (event.type === 'partial') pending.partial(event.text);
      else if (event.type === 'reply') reply = event.reply;
      else if (event.type === 'error') {
        const error = new Error(event.error.message);
        error.userFacing = true;
        throw error;
      }
    });
    if (!reply) throw userError('The answer was cut off. Please try again.');
    if (reply.retryAfterSeconds !== undefined) throw userError(reply.text);
    pending.finish(reply);
    remember({ role: 'user', text }, { role: 'assistant', reply });
  } catch (error) {
    pending.remove();
    userLi.remove();
    updateEmptyState();
    if (!els.question.value.trim()) {
      els.question.value = text;
      autosize();
    }
    showError(errorMessage(error));
  } finally {
    els.messages.removeAttribute('aria-busy');
    setBusy(false);
    els.question.focus();
  }
}

function setBusy(busy) {
  state.busy = busy;
  updateSendButton();
}

function updateSendButton() {
  els.send.disabled = state.busy || els.question.value.trim() === '';
}

function showError(message) {
  els.error.textContent = message;
  els.error.hidden = false;
}

function hideError() {
  els.error.hidden = true;
  els.error.textContent = '';
}

function autosize() {
  els.question.style.height = 'auto';
  els.question.style.height = `${Math.min(els.question.scrollHeight, 200)}px`;
  updateSendButton();
}

function submitQuestion() {
  const text = els.question.value;
  if (state.busy || text.trim() === '') return;
  els.question.value = '';
  autosize();
  void ask(text);
}

// ---------------------------------------------------------------- conversation state

function storage() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

function save(key, value) {
  try {
    storage()?.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the conversation still works, it just won't survive a reload.
  }
}

function load(key, fallback) {
  try {
    const raw = storage()?.getItem(key);
    return raw ? JSON.parse(raw) : fallback;
  } catch {
    return fallback;
  }
}

function remember(...entries) {
  state.transcript.push(...entries);
  state.transcript = state.transcript.slice(-MAX_SAVED_ENTRIES);
  save(KEYS.transcript(state.conversationId), state.transcript);
}

function newConversationId() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

function openConversation(id) {
  state.pollAbort?.abort();
  state.conversationId = id;
  state.lastSeq = Number(load(KEYS.lastSeq(id), 0)) || 0;
  state.transcript = load(KEYS.transcript(id), []);
  save(KEYS.conversation, id);
  els.messages.replaceChildren();
  for (const entry of state.transcript) {
    if (entry.role === 'user') appendUserMessage(entry.text);
    else if (entry.reply) appendReply(entry.reply);
  }
  updateEmptyState();
}

function startNewConversation() {
  const previous = state.conversationId;
  storage()?.removeItem(KEYS.transcript(previous));
  storage()?.removeItem(KEYS.lastSeq(previous));
  openConversation(newConversationId());
  hideError();
  els.question.focus();
}

// ---------------------------------------------------------------- polling

/** Asks for messages after the last one seen; the server holds the request until one arrives. */
async function poll() {
  const id = state.conversationId;
  const abort = new AbortController();
  state.pollAbort = abort;
  try {
    const res = await fetch(
      `api/chat/conversations/${encodeURIComponent(id)}/messages?after=${state.lastSeq}&wait=${POLL_WAIT_S}`,
      { headers: { Accept: 'application/json' }, signal: abort.signal },
    );
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const data = await res.json();
    if (id !== state.conversationId) return;
    for (const message of data.messages || []) {
      if (message.seq <= state.lastSeq) continue;
      state.lastSeq = message.seq;
      appendReply(message.reply);
      remember({ role: 'assistant', reply: message.reply });
    }
    save(KEYS.lastSeq(id), state.lastSeq);
  } finally {
    if (state.pollAbort === abort) state.pollAbort = null;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Keeps one poll open while the page is visible, so a person's answer shows the moment it is sent. */
async function pollForever() {
  for (;;) {
    if (document.hidden) {
      await new Promise((resolve) => document.addEventListener('visibilitychange', resolve, { once: true }));
      continue;
    }
    try {
      await poll();
    } catch (error) {
      if (error?.name === 'AbortError') continue;
      // Polling retries on its own; a passing outage is not worth interrupting the reader.
      console.warn('Lumen: checking for new messages failed', error);
      await sleep(POLL_RETRY_MS);
    }
  }
}

// ---------------------------------------------------------------- config and persona

async function loadConfig() {
  try {
    const res = await fetch('api/chat/config', { headers: { Accept: 'application/json' } });
    if (!res.ok) throw await httpError(res);
    state.config = await res.json();
  } catch (error) {
    showError(errorMessage(error));
    return;
  }
  if (state.config.identityMode !== 'demo') return;
  const personas = Array.isArray(state.config.personas) ? state.config.personas : [];
  els.personaSelect.replaceChildren(h('option', { value: '', text: 'Anonymous (public content only)' }));
  for (const p of personas) els.personaSelect.append(h('option', { value: p.id, text: personaLabel(p) }));
  const saved = load(KEYS.persona, '');
  state.personaId = personas.some((p) => p.id === saved) ? saved : '';
  els.personaSelect.value = state.personaId;
  els.personaPicker.hidden = false;
  els.demoBanner.hidden = false;
}

/** A persona's name with every group it belongs to, so what it may read is plain. */
function personaLabel(persona) {
  const groups = Array.isArray(persona.groups) ? persona.groups : [];
  return `${persona.name} (${groups.length > 0 ? `groups: ${groups.join(', ')}` : 'no groups'})`;
}

/** Example questions for the empty chat, drawn from what the current reader may see. */
async function loadExamples() {
  const query = state.personaId ? `?personaId=${encodeURIComponent(state.personaId)}` : '';
  let questions = [];
  try {
    const res = await fetch(`api/chat/examples${query}`, { headers: { Accept: 'application/json' } });
    if (res.ok) questions = (await res.json()).questions || [];
  } catch {
    // No examples is fine: the empty state still says what Lumen does.
  }
  els.exampleList.replaceChildren(
    ...questions.map((question) => {
      const button = h('button', { type: 'button', class: 'example', text: question });
      button.addEventListener('click', () => {
        if (state.busy) return;
        hideError();
        void ask(question);
      });
      return h('li', {}, button);
    }),
  );
  els.examples.hidden = questions.length === 0;
}

// ---------------------------------------------------------------- wiring

els.form.addEventListener('submit', (event) => {
  event.preventDefault();
  submitQuestion();
});
els.question.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    submitQuestion();
  }
});
els.question.addEventListener('input', autosize);
els.newConversation.addEventListener('click', startNewConversation);
els.personaSelect.addEventListener('change', () => {
  state.personaId = els.personaSelect.value;
  save(KEYS.persona, state.personaId);
  // Another persona may read other documents: start over rather than mix answers.
  startNewConversation();
  void loadExamples();
});

openConversation(load(KEYS.conversation, '') || newConversationId());
updateSendButton();
void loadConfig().then(loadExamples);
void pollForever();
