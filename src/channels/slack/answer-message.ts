import { describeError } from '../../core/errors.js';
import type { Turn } from '../../core/turn.js';
import type { AssistantHooks, SlackDeps } from './options.js';
import { placeKey, type SlackPlace, toConversation } from './place.js';
import { type InboundMessage, messageKey } from './read-message.js';

/**
 * Answers one message once: skips follow-ups in threads Lumen is not part of, claims the
 * message (retries and the mention/message pair arrive twice), maps the person to company
 * identity, and streams the core's reply into the conversation. In an assistant thread the
 * first question names the thread alongside the answer, not before it, and the "is
 * thinking…" status shows only when the answer takes a while.
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
  const titled = hooks && !known && message.text ? nameThread(deps, hooks, message) : undefined;

  const turn = await toTurn(deps, message.place, message.userId, message.text || 'help', message.ts);
  const stream = deps.openStream(message.place, message.userId, hooks);
  const reply = await deps.copilot.handle(turn, stream);
  await stream.finish(reply);
  await titled;
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

/** Names the assistant thread after its first question; a failure is logged, never thrown. */
async function nameThread(deps: SlackDeps, hooks: AssistantHooks, message: InboundMessage): Promise<void> {
  try {
    await hooks.setTitle(titleOf(message.text));
  } catch (error) {
    deps.log.warn('slack assistant thread update failed', {
      channelId: message.place.channelId,
      error: describeError(error),
    });
  }
}

function titleOf(text: string): string {
  return text.length <= 80 ? text : `${text.slice(0, 79)}…`;
}
