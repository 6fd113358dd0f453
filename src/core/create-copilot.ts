import { defaultExpander, type QueryExpander } from '../text/expansion/index.js';
import { isAdminCommand, queueAction, runAdminCommand } from './admin/admin-commands.js';
import { askQuestion } from './ask/ask-question.js';
import { checkQuestion } from './ask/question-guard.js';
import { applyNudgeControl, nudgeControlFromText } from './campaigns/nudge-controls.js';
import { type AskOptions, type CopilotContext, DEFAULT_ASK_OPTIONS } from './context.js';
import type { Copilot } from './copilot.js';
import { describeError, InputError } from './errors.js';
import { Curation } from './escalation/curation.js';
import { EscalationDesk, type EscalationOptions } from './escalation/escalation-desk.js';
import { DEFAULT_SLA, EscalationSla, type SlaPolicy } from './escalation/escalation-sla.js';
import { detectTopic, isSensitiveTopic, type SensitivePolicies } from './escalation/topics.js';
import { recordFeedback } from './feedback/record-feedback.js';
import { gateQuestion, runAnsweringCommand } from './governance/answer-gate.js';
import { AnsweringSwitch, answeringCommand } from './governance/answering-switch.js';
import { AuditTrail } from './governance/audit.js';
import { createPiiMasker, type PiiMasker } from './governance/pii.js';
import { isAdmin } from './governance/principals.js';
import { DEFAULT_USAGE_LIMITS, UsageGuard, type UsageLimits } from './governance/usage-limits.js';
import { helpReply, isHelpRequest } from './help.js';
import type { LessonCatalog } from './lessons/lesson-catalog.js';
import { LessonCoach } from './lessons/lesson-coach.js';
import {
  type ChatModel,
  type Clock,
  type GroupResolver,
  type KnowledgeIndex,
  type Logger,
  type Messenger,
  noTracer,
  type Store,
  silentLogger,
  systemClock,
  type Tracer,
} from './ports.js';
import { errorReply, plainReply } from './replies.js';
import type { Reply, ReplyStream } from './reply.js';
import { conversationKey, type Turn } from './turn.js';
import { refuseUnlessAsker } from './turn-owner.js';

export interface CopilotDependencies {
  index: KnowledgeIndex;
  model: ChatModel;
  store: Store;
  messenger: Messenger;
  clock?: Clock;
  log?: Logger;
  /** Marks retrieval and model calls in the traces; records nothing by default. */
  tracer?: Tracer;
  /** Principals allowed to run admin commands (`user:<email>`, `group:<name>`, `user:<channel id>`). */
  admins?: string[];
  /** Key for pseudonymized exports requested in chat, read when first needed. */
  pseudonymSecret?: () => string;
  ask?: Partial<AskOptions>;
  /** Synonyms for finding the answering passage; the built-in thesaurus and WordNet by default. */
  expander?: QueryExpander;
  /** Masks personal data in questions, comments and notes; the built-in recognizers by default. */
  pii?: PiiMasker;
  /** Store question and answer text with each turn (default true). */
  storeConversationText?: boolean;
  limits?: Partial<UsageLimits>;
  /** Queues and routing rules for escalations; without them escalations stay in the store. */
  escalation?: Partial<EscalationOptions> & { sensitive?: SensitivePolicies; sla?: SlaPolicy };
  /** Adds directory groups (e.g. Entra via Graph) to the ones the channel reported. */
  groups?: GroupResolver;
  /** Lessons the `lesson` command teaches; none when absent. */
  lessons?: LessonCatalog;
}

/** The core with its escalation desk, which the CLI and admin surfaces also use. */
export interface CopilotCore extends Copilot {
  readonly escalations: EscalationDesk;
  readonly curation: Curation;
  readonly sla: EscalationSla;
  readonly audit: AuditTrail;
}

const ACCEPT_OFFER = /^(yes|yes please|yes,? please|sure|ok|okay|please do|please)[.!]?$/i;

const SENSITIVE_HANDOVER =
  "This sounds like something a person should help you with, so I've passed your question on in confidence. Their answer will appear here in this conversation.";

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
    tracer: deps.tracer ?? noTracer,
    audit,
    admins: deps.admins ?? [],
    ...(deps.pseudonymSecret ? { pseudonymSecret: deps.pseudonymSecret } : {}),
    ask: { ...DEFAULT_ASK_OPTIONS, ...deps.ask },
    expander: deps.expander ?? defaultExpander(),
    pii: deps.pii ?? createPiiMasker(),
    storeConversationText: deps.storeConversationText ?? true,
    answering: new AnsweringSwitch(deps.store.settings, clock),
    usage: new UsageGuard({ ...DEFAULT_USAGE_LIMITS, ...deps.limits }),
  };
  const escalations = new EscalationDesk(
    deps.store,
    deps.messenger,
    audit,
    clock,
    { routes: deps.escalation?.routes ?? [], queues: deps.escalation?.queues ?? {} },
    log,
  );
  const curation = new Curation(deps.store, deps.index, audit, clock);
  const sla = new EscalationSla(
    deps.store,
    escalations,
    deps.messenger,
    audit,
    clock,
    deps.escalation?.sla ?? DEFAULT_SLA,
  );
  const sensitive = deps.escalation?.sensitive ?? {};
  const coach = new LessonCoach(deps.lessons ?? { lessons: [], get: () => undefined }, deps.store, clock);

  async function route(turn: Turn, stream?: ReplyStream): Promise<Reply> {
    if (turn.action) {
      switch (turn.action.name) {
        case 'feedback':
          return recordFeedback(ctx, turn, turn.action);
        case 'escalate':
          return escalate(turn, turn.action.turnId, turn.action.note && ctx.pii.mask(turn.action.note));
        case 'escalation':
          return escalations.employeeAction(turn, turn.action.escalationId, turn.action.op);
        case 'queue':
          return queueAction(ctx, escalations, turn, turn.action);
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
    const typed = checkQuestion(turn.text ?? '');
    if (isHelpRequest(typed)) return helpReply(isAdmin(turn.user, ctx.admins), turn.channel);
    const switchCommand = answeringCommand(typed);
    if (switchCommand) return runAnsweringCommand(ctx, turn, switchCommand);
    if (isAdminCommand(typed)) return runAdminCommand(ctx, { escalations, curation }, turn, typed);
    if (coach.isCommand(typed)) return coach.handleText(turn, typed);
    const control = nudgeControlFromText(typed);
    if (control) return applyNudgeControl(deps.store, clock, turn, control);
    const text = ctx.pii.mask(typed);
    const masked = { ...turn, text };
    if (HUMAN_REQUEST.test(text)) return escalate(masked, undefined, undefined);
    const waiting = await escalations.waitingOn(masked);
    if (waiting) return escalations.employeeReplied(waiting, masked, text);
    if (ACCEPT_OFFER.test(text)) {
      const [last] = await deps.store.turns.recent(conversationKey(turn), 1);
      if (last?.abstained) return escalate(masked, last.id, undefined);
    }
    const topic = detectTopic(text);
    if (isSensitiveTopic(topic) && sensitive[topic] === 'handover') {
      await escalations.open(masked, { question: text, topic, trigger: 'sensitive_topic' });
      return plainReply('escalated', SENSITIVE_HANDOVER, { visibility: 'asker' });
    }
    const refusal = await gateQuestion(ctx, turn);
    if (refusal) return refusal;
    stream?.searching?.();
    return askQuestion(ctx, masked, text, stream, isSensitiveTopic(topic) ? [`sensitive:${topic}`] : []);
  }

  async function escalate(turn: Turn, turnId?: string, note?: string): Promise<Reply> {
    const answered = turnId ? await deps.store.turns.get(turnId) : undefined;
    const refused = answered && (await refuseUnlessAsker(ctx, turn, answered, 'escalate'));
    if (refused) return refused;
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
    curation,
    sla,
    audit,
    async handle(turn: Turn, stream?: ReplyStream): Promise<Reply> {
      try {
        const known = await withDirectoryGroups(turn);
        await coach.remember(known).catch((error: unknown) => {
          log.warn('learner not recorded', { turnId: turn.id, error: describeError(error) });
        });
        return await route(known, stream);
      } catch (error) {
        if (error instanceof InputError) return errorReply(error.userMessage);
        log.error('turn failed', { turnId: turn.id, channel: turn.channel, error: describeError(error) });
        return errorReply(SOMETHING_WENT_WRONG);
      }
    },
  };
}
