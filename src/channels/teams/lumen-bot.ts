import {
  type Activity,
  ActivityHandler,
  type InvokeResponse,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Copilot } from '../../core/copilot.js';
import { describeError } from '../../core/errors.js';
import type { Clock, Logger, Store } from '../../core/ports.js';
import type { ActionPayload, Reply } from '../../core/reply.js';
import type { Turn } from '../../core/turn.js';
import {
  isAddressedToBot,
  questionText,
  toTeamsConversation,
  toTeamsConversationKey,
  toTeamsTurn,
  toTeamsUser,
} from './build-turn.js';
import { type NativeFeedback, parseCardAction, parseNativeFeedback } from './card-actions.js';
import type { TeamsMemberDirectory } from './member-directory.js';
import { type RenderOptions, toTeamsMessage } from './render.js';
import { type RetryPolicy, sendWithRetry, useOwnRetries } from './send-with-retry.js';
import { TeamsReplyStream } from './teams-stream.js';
import { welcomeReply } from './welcome.js';

/** Streaming in personal chat. */
export interface TeamsStreamingOptions {
  enabled: boolean;
  minIntervalMs: number;
  /** How long an answer may take before the stream starts; one sooner is sent as one message. */
  progressAfterMs: number;
  /** The informative line shown while Lumen searches. */
  informativeText: string;
  /** How long a started stream waits for text before showing the informative line. */
  informAfterMs: number;
}

export interface LumenTeamsBotDependencies {
  copilot: Copilot;
  store: Pick<Store, 'processedEvents' | 'conversationReferences' | 'sentMessages' | 'turns' | 'audit'>;
  clock: Clock;
  log: Logger;
  render: RenderOptions;
  streaming: TeamsStreamingOptions;
  retry: RetryPolicy;
  /** False while Lumen is still starting; questions then get a notice instead of an answer. */
  isReady: () => boolean;
  /**
   * The bot's app id ('' when unauthenticated), for opening personal chats. Without one
   * nobody's identity is verified, so no one is an admin.
   */
  appId: string;
  /** Adds what Teams knows about the sender beyond the activity (their email). */
  members?: TeamsMemberDirectory;
}

const NO_TEXT = 'I can only read text. Type your question in words, or say **help** to see what I can do.';
const STARTING = "I'm still starting up and reading the documents. Please ask again in a minute.";
const UNKNOWN_CARD = "That button isn't one I know any more. Please ask your question again.";
const UNPLACED_FEEDBACK =
  "I couldn't tell which answer you rated, so I couldn't save your feedback. Please rate my latest answer again, or tell me in words what was wrong.";

/**
 * Lumen on the ActivityHandler surface botbuilder and the Microsoft 365 Agents SDK share:
 * messages and card submits become Turns for the core, the Reply is rendered for Teams,
 * the feedback loop's invoke is stored against the answered turn, installs get a welcome.
 */
export class LumenTeamsBot extends ActivityHandler {
  constructor(private readonly deps: LumenTeamsBotDependencies) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((member) => member.id === botId)) {
        await this.welcome(context);
      }
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcome(context);
      await next();
    });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const { activity } = context;
    await this.remember(activity);
    if (activity.name === 'message/submitAction') {
      const feedback = parseNativeFeedback(activity);
      if (!feedback) {
        this.deps.log.warn('teams feedback invoke not understood', { activityId: activity.id });
        return invokeError(400, 'bad_feedback', 'The feedback payload was not understood.');
      }
      await this.storeFeedback(context, feedback);
      // Teams rejects anything but an empty body for this invoke.
      return { status: 200, body: {} };
    }
    if (activity.name === 'adaptiveCard/action') {
      const action = parseCardAction(activity.value);
      if (!action || action === 'invalid') {
        return invokeError(400, 'bad_action', 'The card action was not understood.');
      }
      await this.answer(context, this.toTurn(activity, { action, receivedAt: this.deps.clock.now() }));
      return {
        status: 200,
        body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Done.' },
      };
    }
    this.deps.log.warn('teams invoke not handled', { name: activity.name });
    return invokeError(501, 'not_implemented', `Lumen does not handle the invoke "${activity.name ?? ''}".`);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const { activity } = context;
    const claimKey = `teams:${activity.conversation?.id ?? ''}:${activity.id ?? ''}`;
    if (activity.id && !(await this.deps.store.processedEvents.claim(claimKey, this.deps.clock.now()))) {
      this.deps.log.info('teams activity already handled', { activityId: activity.id });
      return;
    }
    // Kept for proactive messages later; written alongside the answer, which does not need it.
    const remembered = this.remember(activity).catch((error: unknown) => {
      this.deps.log.warn('teams conversation reference not saved', {
        activityId: activity.id,
        error: describeError(error),
      });
    });
    try {
      await this.respond(context);
    } finally {
      await remembered;
    }
  }

  private async respond(context: TurnContext): Promise<void> {
    const { activity } = context;
    const receivedAt = this.deps.clock.now();

    const action = parseCardAction(activity.value);
    if (action === 'invalid') return void (await this.reply(context, undefined, plainText(UNKNOWN_CARD)));
    if (action) return this.answer(context, this.toTurn(activity, { action, receivedAt }));

    if (!isAddressedToBot(activity)) return;
    const text = questionText(activity);
    if (!text) return void (await this.reply(context, undefined, plainText(NO_TEXT)));
    if (!this.deps.isReady()) return void (await this.reply(context, undefined, plainText(STARTING)));
    const turn = this.toTurn(activity, { text, receivedAt });
    return this.answer(context, turn);
  }

  /** The Turn for an activity; its sender is unverified when activities are not signed. */
  private toTurn(activity: Activity, input: Parameters<typeof toTeamsTurn>[1]): Turn {
    const turn = toTeamsTurn(activity, input);
    return this.deps.appId ? turn : { ...turn, user: { ...turn.user, unverified: true } };
  }

  /** Runs a turn through the core and sends the reply, streamed in personal chat. */
  private async answer(context: TurnContext, bare: Turn): Promise<void> {
    const turn = this.deps.members
      ? { ...bare, user: await this.deps.members.enrich(context, bare.user) }
      : bare;
    const streaming = this.deps.streaming;
    const stream =
      streaming.enabled && turn.conversation.kind === 'direct' && turn.text !== undefined
        ? new TeamsReplyStream((activity) => this.sendOnce(context, activity), {
            minIntervalMs: streaming.minIntervalMs,
            progressAfterMs: streaming.progressAfterMs,
            informativeText: streaming.informativeText,
            informAfterMs: streaming.informAfterMs,
            onError: (error) =>
              this.deps.log.warn('teams stream update failed; sending the final message only', {
                turnId: turn.id,
                error: describeError(error),
              }),
          })
        : undefined;
    const reply = await this.deps.copilot.handle(turn, stream);
    this.deps.log.info('teams turn handled', { activityId: turn.id, kind: reply.kind });
    await this.reply(context, stream, reply, turn.text !== undefined);
  }

  /**
   * Sends a reply where it belongs. One for the asker alone, asked for in a group chat or
   * channel, goes to their personal chat; when they typed the request (`@Lumen lesson`), a
   * line in the group tells them where it went.
   */
  private async reply(
    context: TurnContext,
    stream: TeamsReplyStream | undefined,
    reply: Reply,
    announcePrivate = false,
  ): Promise<void> {
    const message = toTeamsMessage(reply, this.deps.render);
    // Teams bots cannot post a message only one member of a chat sees, so a reply meant for
    // the asker alone goes to their personal chat with Lumen instead.
    const privately = reply.visibility === 'asker' && toTeamsConversation(context.activity).kind !== 'direct';
    let key = toTeamsConversationKey(context.activity);
    let sent: ResourceResponse | undefined;
    try {
      sent = await sendWithRetry(
        async () => {
          if (!privately) return stream ? stream.finish(message) : this.sendOnce(context, message);
          const result = await this.sendPrivately(context, message);
          key = result.conversationKey;
          return result.sent;
        },
        this.deps.retry,
        (attempt, error, delayMs) =>
          this.deps.log.warn('teams send failed; retrying', {
            attempt,
            delayMs,
            error: describeError(error),
          }),
      );
    } catch (error) {
      this.deps.log.error('teams reply could not be delivered', {
        activityId: context.activity.id,
        conversationKey: key,
        error: describeError(error),
      });
      await this.audit('teams.reply_failed', key, { activityId: context.activity.id, kind: reply.kind });
      return;
    }
    if (privately && announcePrivate) await this.announcePrivateReply(context);
    // Teams names a streamed answer by its stream id; anything else by the id the connector returned.
    const ids = new Set([stream?.id, sent?.id].filter((id): id is string => Boolean(id)));
    if (!reply.turnId) return;
    for (const messageId of ids) {
      await this.deps.store.sentMessages.record({
        channel: 'teams',
        messageId,
        conversationKey: key,
        turnId: reply.turnId,
        sentAt: this.deps.clock.now(),
      });
    }
  }

  private async announcePrivateReply(context: TurnContext): Promise<void> {
    const name = context.activity.from?.name?.split(' ')[0];
    const text = `${name ? `${name}, I've` : "I've"} sent you that in our personal chat: open **Lumen** in your chat list to carry on.`;
    try {
      await sendWithRetry(() => this.sendOnce(context, toTeamsMessage(plainText(text))), this.deps.retry);
    } catch (error) {
      this.deps.log.warn('teams note about a private reply not delivered', { error: describeError(error) });
    }
  }

  private sendOnce(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | undefined> {
    return context.sendActivity(activity);
  }

  /** Opens (or reopens) the asker's personal chat with Lumen and sends the message there. */
  private async sendPrivately(
    context: TurnContext,
    message: Partial<Activity>,
  ): Promise<{ sent: ResourceResponse | undefined; conversationKey: string }> {
    const { activity } = context;
    const tenantId = toTeamsConversation(activity).tenantId;
    const user = toTeamsUser(activity);
    let result: { sent: ResourceResponse | undefined; conversationKey: string } | undefined;
    await context.adapter.createConversationAsync(
      this.deps.appId,
      activity.channelId,
      activity.serviceUrl,
      AuthenticationConstants.ToChannelFromBotOAuthScope,
      {
        isGroup: false,
        bot: activity.recipient,
        members: [activity.from],
        ...(tenantId ? { tenantId } : {}),
        channelData: tenantId ? { tenant: { id: tenantId } } : {},
      },
      async (personal) => {
        useOwnRetries(personal.turnState.get(personal.adapter.ConnectorClientKey));
        const sent = await personal.sendActivity(message);
        const opened = {
          ...personal.activity,
          from: activity.from,
          conversation: { ...personal.activity.conversation, conversationType: 'personal' },
        };
        await this.remember(opened, user.id);
        result = { sent, conversationKey: toTeamsConversationKey(opened) };
      },
    );
    return result ?? { sent: undefined, conversationKey: toTeamsConversationKey(activity) };
  }

  /**
   * Stores a rating from the Teams feedback loop against the answer it names, or, when the
   * client names none, against the sender's latest answer in this conversation. A rating
   * that fits no answer is never dropped silently: the sender is told and the log warns.
   */
  private async storeFeedback(context: TurnContext, feedback: NativeFeedback): Promise<void> {
    const { activity } = context;
    const turnId = await this.ratedTurn(activity, feedback);
    if (!turnId) {
      this.deps.log.warn('teams feedback could not be placed; the sender was asked to rate again', {
        activityId: activity.id,
        messageId: feedback.messageId,
        conversationKey: toTeamsConversationKey(activity),
      });
      await this.reply(context, undefined, plainText(UNPLACED_FEEDBACK));
      return;
    }
    const action: ActionPayload = {
      name: 'feedback',
      turnId,
      rating: feedback.rating,
      ...(feedback.comment ? { comment: feedback.comment } : {}),
    };
    const reply = await this.deps.copilot.handle(
      this.toTurn(activity, { action, receivedAt: this.deps.clock.now() }),
    );
    this.deps.log.info('teams feedback recorded', {
      turnId,
      messageId: feedback.messageId,
      rating: feedback.rating,
      kind: reply.kind,
    });
  }

  /** The turn a feedback invoke rates: the named message's, else the sender's latest here. */
  private async ratedTurn(activity: Activity, feedback: NativeFeedback): Promise<string | undefined> {
    if (feedback.messageId) {
      return (await this.deps.store.sentMessages.find('teams', feedback.messageId))?.turnId;
    }
    const userId = toTeamsUser(activity).id;
    const recent = await this.deps.store.turns.recent(toTeamsConversationKey(activity), 50);
    return recent.filter((turn) => turn.userId === userId).at(-1)?.id;
  }

  private async welcome(context: TurnContext): Promise<void> {
    await this.remember(context.activity);
    const key = toTeamsConversationKey(context.activity);
    if (!(await this.deps.store.processedEvents.claim(`teams:welcome:${key}`, this.deps.clock.now()))) return;
    await this.reply(context, undefined, welcomeReply());
  }

  /** Keeps the latest way to reach this conversation, for proactive messages. */
  private async remember(activity: Activity, userId = toTeamsUser(activity).id): Promise<void> {
    if (!activity.conversation?.id || !activity.serviceUrl) return;
    const reference = TurnContext.getConversationReference(activity);
    await this.deps.store.conversationReferences.save({
      channel: 'teams',
      conversationKey: toTeamsConversationKey(activity),
      userId,
      reference: reference as Record<string, unknown>,
      updatedAt: this.deps.clock.now(),
    });
  }

  private async audit(action: string, subject: string, details: Record<string, unknown>): Promise<void> {
    await this.deps.store.audit.append({
      id: crypto.randomUUID(),
      at: this.deps.clock.now(),
      actor: 'lumen',
      action,
      subject,
      details,
    });
  }
}

function plainText(text: string): Reply {
  return { kind: 'notice', text, citations: [], actions: [], aiGenerated: false, visibility: 'conversation' };
}

function invokeError(status: number, code: string, message: string): InvokeResponse {
  return { status, body: { error: { code, message } } };
}
