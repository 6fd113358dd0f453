import { type App, Assistant } from '@slack/bolt';
import { describeError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';
import { answerMessage } from './answer-message.js';
import type { SlackDeps } from './options.js';
import { type BotIdentity, readMessageEvent, type SlackMessageEvent } from './read-message.js';

/** Greets a new assistant thread; the suggested prompts follow it. */
export const GREETING =
  "Hi! I'm Lumen. Ask me about policies, benefits and tools, and I'll show where each answer comes from.";

/**
 * Messages: DMs, @mentions (answered in a thread) and follow-ups in Lumen's threads; and the
 * assistant surface (greeting with suggested prompts, "is thinking…" status, thread title).
 */
export function registerMessages(app: App, deps: SlackDeps): void {
  const read = (event: SlackMessageEvent, teamId: string, bot: BotIdentity) =>
    readMessageEvent(event, teamId, bot, { ignoreBots: deps.config.ignoreBots });

  app.assistant(
    new Assistant({
      threadStarted: async ({ event, body, client }) => {
        const thread = event.assistant_thread;
        const eventId =
          (body as { event_id?: string }).event_id ?? `${thread.channel_id}:${thread.thread_ts}`;
        if (!(await deps.processedEvents.claim(`slack:event:${eventId}`, deps.clock.now()))) return;
        await client.chat.postMessage({
          channel: thread.channel_id,
          thread_ts: thread.thread_ts,
          text: GREETING,
        });
        const prompts = deps.config.suggestedPrompts.slice(0, 4);
        if (prompts.length > 0) {
          await client.assistant.threads.setSuggestedPrompts({
            channel_id: thread.channel_id,
            thread_ts: thread.thread_ts,
            title: 'Try asking',
            prompts: prompts.map((p) => ({ title: p.length > 75 ? `${p.slice(0, 74)}…` : p, message: p })),
          });
        }
      },
      userMessage: async ({ message, context, body, setStatus, setTitle }) => {
        const result = read(message as SlackMessageEvent, teamOf(body, context), botOf(context));
        if (!result.ok) return;
        await answerMessage(deps, result.message, { setStatus, setTitle });
      },
    }),
  );

  const onMessage = async (args: { event: unknown; body: unknown; context: Record<string, unknown> }) => {
    const result = read(
      args.event as SlackMessageEvent,
      teamOf(args.body, args.context),
      botOf(args.context),
    );
    if (!result.ok) return;
    await answerMessage(deps, result.message);
  };
  app.event('message', onMessage);
  app.event('app_mention', onMessage);
}

function botOf(context: Record<string, unknown>): BotIdentity {
  return {
    ...(typeof context.botUserId === 'string' ? { userId: context.botUserId } : {}),
    ...(typeof context.botId === 'string' ? { botId: context.botId } : {}),
  };
}

function teamOf(body: unknown, context: Record<string, unknown>): string {
  const fromBody = (body as { team_id?: string }).team_id;
  return fromBody ?? (typeof context.teamId === 'string' ? context.teamId : '');
}

/** Logs listener failures; Slack already has its ack, so nothing else can be sent back. */
export function logListenerErrors(app: App, log: Logger): void {
  app.error(async (error) => {
    log.error('slack listener failed', {
      code: 'slack.listener_failed',
      error: describeError(error.original ?? error),
    });
  });
}
