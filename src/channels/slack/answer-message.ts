import type { Turn } from '../../core/turn.js';
import { describeError } from '../../errors.js';
import type { SlackDeps } from './options.js';
import { placeKey, type SlackPlace, toConversation } from './place.js';
import { type InboundMessage, messageKey } from './read-message.js';

/** Assistant-thread touches around an answer: the "is thinking…" status and the title. */
export interface AssistantHooks {
  setStatus(status: string): Promise<unknown>;
  setTitle(title: string): Promise<unknown>;
}

/** Shown under the assistant's name while the core works. */
export const THINKING_STATUS = 'is thinking…';

/**
 * Answers one message once: skips follow-ups in threads Lumen is not part of, claims the
 * message (retries and the mention/message pair arrive twice), maps the person to company
 * identity, and streams the core's reply into the conversation.
 */
export async function answerMessage(deps: SlackDeps, message: InboundMessage, hooks?: AssistantHooks) {
  const key = placeKey(message.place);
  const known = message.place.threadTs ? await deps.threads.has(key) : false;
  if (message.needsThread && !known) return;
  if (!(await deps.processedEvents.claim(messageKey(message), deps.clock.now()))) {
    deps.log.info('slack message already handled', { channelId: message.place.channelId, ts: message.ts });
    return;
  }
  if (message.place.threadTs) deps.threads.remember(key);
  if (hooks) await assistantStart(deps, hooks, message, known);

  const turn = await toTurn(deps, message.place, message.userId, message.text || 'help', message.ts);
  const stream = deps.openStream(message.place, message.userId);
  const reply = await deps.copilot.handle(turn, stream);
  await stream.finish(reply);
}

/** Builds the core's Turn for a Slack person in a place. */
export async function toTurn(
  deps: SlackDeps,
  place: SlackPlace,
  userId: string,
  text: string | undefined,
  ts: string,
): Promise<Turn> {
  const person = await deps.directory.person(userId);
  return {
    id: `slack:${place.teamId}:${place.channelId}:${ts}`,
    channel: 'slack',
    user: person.user,
    conversation: toConversation(place, deps.config.channelAudiences[place.channelId]),
    ...(text !== undefined ? { text } : {}),
    ...(person.locale ? { locale: person.locale } : {}),
    ...(person.timeZone ? { timeZone: person.timeZone } : {}),
    receivedAt: deps.clock.now(),
  };
}

async function assistantStart(
  deps: SlackDeps,
  hooks: AssistantHooks,
  message: InboundMessage,
  known: boolean,
) {
  const calls = [hooks.setStatus(THINKING_STATUS)];
  // The first question names the thread in the assistant's history.
  if (!known && message.text) calls.push(hooks.setTitle(titleOf(message.text)));
  const results = await Promise.allSettled(calls);
  for (const result of results) {
    if (result.status === 'rejected') {
      deps.log.warn('slack assistant thread update failed', {
        channelId: message.place.channelId,
        error: describeError(result.reason),
      });
    }
  }
}

function titleOf(text: string): string {
  return text.length <= 80 ? text : `${text.slice(0, 79)}…`;
}
