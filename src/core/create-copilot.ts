import { describeError, InputError } from '../errors.js';
import { isAdminCommand, runAdminCommand } from './admin/admin-commands.js';
import { askQuestion } from './ask/ask-question.js';
import { checkQuestion } from './ask/question-guard.js';
import { applyNudgeControl, nudgeControlFromText } from './campaigns/nudge-controls.js';
import { type AskOptions, type CopilotContext, DEFAULT_ASK_OPTIONS } from './context.js';
import type { Copilot } from './copilot.js';
import { EscalationDesk } from './escalation/escalation-desk.js';
import { recordFeedback } from './feedback/record-feedback.js';
import { AuditTrail } from './governance/audit.js';
import { isAdmin } from './governance/principals.js';
import { helpReply, isHelpRequest } from './help.js';
import type { LessonCatalog } from './lessons/lesson-catalog.js';
import { LessonCoach } from './lessons/lesson-coach.js';
import {
  type ChatModel,
  type Clock,
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
  /** Lessons the `lesson` command teaches; none when absent. */
  lessons?: LessonCatalog;
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
  const coach = new LessonCoach(deps.lessons ?? { lessons: [], get: () => undefined }, deps.store, clock);

  async function route(turn: Turn, stream?: ReplyStream): Promise<Reply> {
    if (turn.action) {
      switch (turn.action.name) {
        case 'feedback':
          return recordFeedback(ctx, turn, turn.action);
        case 'escalate':
          return escalate(turn, turn.action.turnId, turn.action.note);
        case 'nudge_control':
          return applyNudgeControl(deps.store, clock, turn, turn.action.control, turn.action.campaignId);
        case 'lesson_start':
        case 'lesson_next':
        case 'quiz_answer':
        case 'confidence':
        case 'lesson_feedback':
          return coach.handleAction(turn, turn.action);
        default:
          return errorReply("I don't know that button. Try asking your question again.");
      }
    }
    const text = checkQuestion(turn.text ?? '');
    if (isHelpRequest(text)) return helpReply(isAdmin(turn.user, ctx.admins));
    if (isAdminCommand(text)) return runAdminCommand(ctx, escalations, turn, text);
    if (coach.isCommand(text)) return coach.handleText(turn, text);
    const control = nudgeControlFromText(text);
    if (control) return applyNudgeControl(deps.store, clock, turn, control);
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

  return {
    escalations,
    async handle(turn: Turn, stream?: ReplyStream): Promise<Reply> {
      try {
        await coach.remember(turn).catch((error: unknown) => {
          log.warn('learner not recorded', { turnId: turn.id, error: describeError(error) });
        });
        return await route(turn, stream);
      } catch (error) {
        if (error instanceof InputError) return errorReply(error.userMessage);
        log.error('turn failed', { turnId: turn.id, channel: turn.channel, error: describeError(error) });
        return errorReply(SOMETHING_WENT_WRONG);
      }
    },
  };
}
