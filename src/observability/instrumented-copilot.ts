import type { CopilotCore } from '../core/index.js';
import type { Store } from '../core/ports.js';
import type { Reply, ReplyStream } from '../core/reply.js';
import { conversationKey, type Turn } from '../core/turn.js';
import { MetricsRegistry } from './metrics.js';
import { inSpan } from './tracing.js';

const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The core with what operators watch: counts, latencies and turns still being answered. */
export interface InstrumentedCopilot extends CopilotCore {
  readonly metrics: MetricsRegistry;
  /** Turns being handled right now. */
  inFlight(): number;
  /** Resolves when no turn is being handled, or after `timeoutMs`; true when all finished. */
  drain(timeoutMs: number): Promise<boolean>;
}

/** Wraps the core so every channel's turns are counted and timed, and shutdown can wait for them. */
export function instrumentCopilot(
  core: CopilotCore,
  store: Store,
  /** Turns waiting to start (see TurnPacer), shown as a queue depth. */
  waitingTurns?: () => number,
): InstrumentedCopilot {
  const metrics = new MetricsRegistry();
  const turns = metrics.counter('lumen_turns_total', 'Turns handled, by channel, input and reply kind.');
  const latency = metrics.histogram(
    'lumen_turn_duration_seconds',
    'Time to handle a turn, by channel.',
    LATENCY_BUCKETS_SECONDS,
  );
  const abstentions = metrics.counter('lumen_abstentions_total', 'Questions Lumen declined to answer.');
  const feedback = metrics.counter('lumen_feedback_total', 'Ratings given, by rating.');
  const escalations = metrics.counter('lumen_escalations_total', 'Questions handed to a person.');
  const errors = metrics.counter('lumen_turn_errors_total', 'Turns answered with an apology, by channel.');
  let active = 0;
  const idle: (() => void)[] = [];
  metrics.gauge(
    'lumen_turns_in_flight',
    'Turns being handled now, including those waiting to start.',
    () => active,
  );
  if (waitingTurns)
    metrics.gauge('lumen_turns_waiting', 'Turns waiting for their turn to start.', waitingTurns);
  metrics.gauge(
    'lumen_escalations_open',
    'Escalations waiting for a person.',
    async () => (await store.escalations.list({ status: 'open', limit: 10_000 })).length,
  );

  const observe = (turn: Turn, reply: Reply, seconds: number) => {
    const input = turn.action ? turn.action.name : 'message';
    turns.inc({ channel: turn.channel, input, kind: reply.kind });
    latency.observe(seconds, { channel: turn.channel });
    if (reply.kind === 'abstain') abstentions.inc({ channel: turn.channel });
    if (reply.kind === 'escalated') escalations.inc({ channel: turn.channel });
    if (reply.kind === 'error') errors.inc({ channel: turn.channel });
    if (turn.action?.name === 'feedback') feedback.inc({ rating: turn.action.rating });
  };

  return {
    ...core,
    metrics,
    inFlight: () => active,
    async handle(turn: Turn, stream?: ReplyStream): Promise<Reply> {
      active++;
      const started = performance.now();
      try {
        return await inSpan(
          'invoke_agent Lumen',
          {
            'gen_ai.operation.name': 'invoke_agent',
            'gen_ai.agent.name': 'Lumen',
            'gen_ai.conversation.id': conversationKey(turn),
            'lumen.channel': turn.channel,
            'lumen.input': turn.action ? turn.action.name : 'message',
          },
          async (annotate) => {
            const reply = await core.handle(turn, stream);
            annotate({ 'lumen.reply.kind': reply.kind, 'lumen.citations': reply.citations.length });
            observe(turn, reply, (performance.now() - started) / 1000);
            return reply;
          },
        );
      } finally {
        active--;
        if (active === 0) for (const resolve of idle.splice(0)) resolve();
      }
    },
    drain(timeoutMs: number): Promise<boolean> {
      if (active === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(active === 0), timeoutMs);
        idle.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}
