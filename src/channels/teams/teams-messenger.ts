import type {
  Activity,
  CloudAdapter,
  ConversationReference,
  ResourceResponse,
  TurnContext,
} from 'botbuilder';
import { describeError, NotFoundError } from '../../core/errors.js';
import type { Clock, Delivered, DeliveryTarget, Logger, Messenger, Store } from '../../core/ports.js';
import type { Reply } from '../../core/reply.js';
import { type RenderOptions, toTeamsMessage } from './render.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, sendWithRetry, useOwnRetries } from './send-with-retry.js';

export interface TeamsMessengerOptions {
  adapter: CloudAdapter;
  /** The bot's app id; empty when running unauthenticated. */
  appId: string;
  store: Pick<Store, 'conversationReferences' | 'sentMessages' | 'audit'>;
  clock: Clock;
  log: Logger;
  render?: RenderOptions;
  retry?: RetryPolicy;
}

/**
 * Sends messages nobody asked for right now (escalation answers, nudges) into a Teams
 * conversation from its stored conversation reference. Throttling (429) and server faults
 * are retried with backoff; every delivery and every failure is recorded in the audit trail.
 */
export class TeamsMessenger implements Messenger {
  constructor(private readonly options: TeamsMessengerOptions) {}

  async deliver(target: DeliveryTarget, reply: Reply): Promise<Delivered> {
    const sent = await this.inConversation(target, reply, 'teams.delivered', (context, message) =>
      context.sendActivity(message),
    );
    if (reply.turnId && sent?.id) {
      await this.options.store.sentMessages.record({
        channel: 'teams',
        messageId: sent.id,
        conversationKey: target.conversationKey,
        turnId: reply.turnId,
        sentAt: this.options.clock.now(),
      });
    }
    return sent?.id ? { messageRef: sent.id } : {};
  }

  /** Edits a message the bot sent, in place (Bot Framework `updateActivity`). */
  async replace(target: DeliveryTarget, messageRef: string, reply: Reply): Promise<boolean> {
    await this.inConversation(target, reply, 'teams.updated', (context, message) =>
      context.updateActivity({ ...message, id: messageRef }),
    );
    return true;
  }

  /**
   * Runs `operation` in the conversation from its stored reference, retrying throttling and
   * server faults; the outcome is audited as `action` or `teams.delivery_failed`.
   */
  private async inConversation(
    target: DeliveryTarget,
    reply: Reply,
    action: string,
    // biome-ignore lint/suspicious/noConfusingVoidType: botbuilder's updateActivity resolves to nothing
    operation: (context: TurnContext, message: Partial<Activity>) => Promise<ResourceResponse | void>,
  ): Promise<ResourceResponse | undefined> {
    const { store, log } = this.options;
    const stored = await store.conversationReferences.get(target.conversationKey);
    if (!stored) {
      await this.record('teams.delivery_failed', target, { reason: 'no_conversation_reference' });
      throw new NotFoundError('Teams conversation reference', target.conversationKey);
    }
    const message = toTeamsMessage(reply, this.options.render);
    let result: ResourceResponse | undefined;
    try {
      await this.options.adapter.continueConversationAsync(
        this.options.appId,
        stored.reference as Partial<ConversationReference>,
        async (context) => {
          useOwnRetries(context.turnState.get(context.adapter.ConnectorClientKey));
          result =
            (await sendWithRetry(
              () => operation(context, message),
              this.options.retry ?? DEFAULT_RETRY_POLICY,
              (attempt, error, delayMs) =>
                log.warn('teams proactive send failed; retrying', {
                  conversationKey: target.conversationKey,
                  attempt,
                  delayMs,
                  error: describeError(error),
                }),
            )) ?? undefined;
        },
      );
    } catch (error) {
      log.error('teams proactive message could not be delivered', {
        conversationKey: target.conversationKey,
        error: describeError(error),
      });
      await this.record('teams.delivery_failed', target, { reason: describeError(error), kind: reply.kind });
      throw error;
    }
    await this.record(action, target, { messageId: result?.id, kind: reply.kind });
    return result;
  }

  private async record(action: string, target: DeliveryTarget, details: Record<string, unknown>) {
    await this.options.store.audit.append({
      id: crypto.randomUUID(),
      at: this.options.clock.now(),
      actor: 'lumen',
      action,
      subject: target.conversationKey,
      details: { userId: target.userId, ...details },
    });
  }
}
