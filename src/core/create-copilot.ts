import { describeError, InputError } from '../errors.js';
import { isAdminCommand, runAdminCommand } from './admin/admin-commands.js';
import { askQuestion } from './ask/ask-question.js';
import { checkQuestion } from './ask/question-guard.js';
import { type AskOptions, type CopilotContext, DEFAULT_ASK_OPTIONS } from './context.js';
import type { Copilot } from './copilot.js';
import { EscalationDesk } from './escalation/escalation-desk.js';
import { recordFeedback } from './feedback/record-feedback.js';
import { AuditTrail } from './governance/audit.js';
import { isAdmin } from './governance/principals.js';
import { helpReply, isHelpRequest } from './help.js';
import {
  type ChatModel,
  type Clock,
  type GroupResolver,
  type KnowledgeIndex,
  type Logger,
  type Messenger,
  type Store,
  silentLogger,
  systemClock,
} from './ports.js';
import { errorReply, plainReply } from './replies.js';
import type { Reply, ReplyStream } from './reply.js';
import type { Turn } from './turn.js';

export interface CopilotDependencies {
  index: KnowledgeIndex;
  model: ChatModel;
  store: Store;
  messenger: Messenger;
  clock?: Clock;
  log?: Logger;
  /** Principals allowed to run admin commands (`user:<email>`, `group:<name>`, `user:<channel id>`). */
  admins?: string[];
  ask?: Partial<AskOptions>;
  /** Adds directory groups (e.g. Entra via Graph) to the ones the channel reported. */
  groups?: GroupResolver;
}

/** The core with its escalation desk, which the CLI and admin surfaces also use. */
export interface CopilotCore extends Copilot {
  readonly escalations: EscalationDesk;
}

const HUMAN_REQUEST =
  /^(talk|speak|chat)\s+(to|with)\s+(a\s+)?(human|person|someone|somebody|agent)\b|^(human|agent|a human|real person)( please)?[.!]?$/i;

const SOMETHING_WENT_WRONG = 'Something went wrong on my side. Please try again, or ask to talk to a human.';

/** Builds the channel-neutral core: every channel hands it Turns through `handle`. */
export function createCopilot(deps: CopilotDependencies): CopilotCore {
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? silentLogger;
  const audit = new AuditTrail(deps.store.audit, clock, log);
  const ctx: CopilotContext = {
    index: deps.index,
    model: deps.model,
    store: deps.store,
    messenger: deps.messenger,
    clock,
    log,
    audit,
    admins: deps.admins ?? [],
    ask: { ...DEFAULT_ASK_OPTIONS, ...deps.ask },
  };
  const escalations = new EscalationDesk(deps.store, deps.messenger, audit, clock);

  async function route(turn: Turn, stream?: ReplyStream): Promise<Reply> {
    if (turn.action) {
      switch (turn.action.name) {
        case 'feedback':
          return recordFeedback(ctx, turn, turn.action);
        case 'escalate':
          return escalate(turn, turn.action.turnId, turn.action.note);
        default:
          return errorReply("I don't know that button. Try asking your question again.");
      }
    }
    const text = checkQuestion(turn.text ?? '');
    if (isHelpRequest(text)) return helpReply(isAdmin(turn.user, ctx.admins));
    if (isAdminCommand(text)) return runAdminCommand(ctx, escalations, turn, text);
    if (HUMAN_REQUEST.test(text)) return escalate(turn, undefined, undefined);
    return askQuestion(ctx, turn, text, stream);
  }

  async function escalate(turn: Turn, turnId?: string, note?: string): Promise<Reply> {
    const { escalation, created } = await escalations.open(turn, {
      ...(turnId ? { turnId } : {}),
      ...(note ? { note } : {}),
    });
    const text = created
      ? "I've passed your question to a person. Their answer will appear here in this conversation."
      : 'Your question is already with a person. Their answer will appear here in this conversation.';
    return plainReply('escalated', text, { turnId: escalation.turnId });
  }

  async function withDirectoryGroups(turn: Turn): Promise<Turn> {
    if (!deps.groups || (!turn.user.email && !turn.user.aadObjectId)) return turn;
    let found: string[];
    try {
      found = await deps.groups.groupsOf(turn.user);
    } catch (error) {
      // Without the directory the asker reads with the groups the channel gave: less, never more.
      log.warn('group lookup failed', { userId: turn.user.id, error: describeError(error) });
      return turn;
    }
    if (found.length === 0) return turn;
    const groups = [...new Set([...(turn.user.groups ?? []), ...found])];
    return { ...turn, user: { ...turn.user, groups } };
  }

  return {
    escalations,
    async handle(turn: Turn, stream?: ReplyStream): Promise<Reply> {
      try {
        return await route(await withDirectoryGroups(turn), stream);
      } catch (error) {
        if (error instanceof InputError) return errorReply(error.userMessage);
        log.error('turn failed', { turnId: turn.id, channel: turn.channel, error: describeError(error) });
        return errorReply(SOMETHING_WENT_WRONG);
      }
    },
  };
}
