import type { CopilotCore } from './create-copilot.js';
import { describeError } from './errors.js';
import type { AuditTrail } from './governance/audit.js';
import type { Clock, Logger, Messenger, TurnJournalRepository } from './ports.js';
import { errorReply } from './replies.js';
import type { Reply, ReplyStream } from './reply.js';
import { conversationKey, type Turn } from './turn.js';

export const INTERRUPTED_TURN_APOLOGY =
  'Sorry, Lumen was restarted while answering your last message and could not finish it. Please send it again.';

/** Longer than any turn takes (model timeout and retries included), so only abandoned turns qualify. */
export const DEFAULT_INTERRUPTED_AFTER_MS = 90_000;
const CLAIM_BATCH = 100;

/**
 * The core with each turn written to the journal while it runs, so a process stopped
 * mid-turn leaves a trace another (or the restarted) process can apologise for. Terminal
 * turns are left out: the person at the terminal sees the interruption.
 */
export function journalTurns(
  core: CopilotCore,
  journal: TurnJournalRepository,
  clock: Clock,
  log: Logger,
): CopilotCore {
  return {
    ...core,
    async handle(turn: Turn, stream?: ReplyStream): Promise<Reply> {
      if (turn.channel === 'cli') return core.handle(turn, stream);
      // The journal is a safety net: when the store is down the turn still gets its apology.
      // The note is written alongside the turn, not before it, so it adds no wait.
      const begun = journal
        .begin({
          turnId: turn.id,
          channel: turn.channel,
          conversationKey: conversationKey(turn),
          userId: turn.user.id,
          startedAt: clock.now(),
        })
        .then(
          () => true,
          (error) => {
            log.warn('could not note the turn as in progress', {
              turnId: turn.id,
              error: describeError(error),
            });
            return false;
          },
        );
      try {
        return await core.handle(turn, stream);
      } finally {
        if (await begun) {
          await journal.end(turn.id).catch((error) => {
            log.warn('could not note the turn as ended', { turnId: turn.id, error: describeError(error) });
          });
        }
      }
    },
  };
}

export interface InterruptedTurnsDependencies {
  journal: TurnJournalRepository;
  messenger: Messenger;
  audit: AuditTrail;
  clock: Clock;
  log: Logger;
  /** How old an unfinished turn must be to count as interrupted. */
  interruptedAfterMs?: number;
}

/**
 * Tells everyone whose turn was cut short (the process was killed or crashed) that it did
 * not finish, in the conversation it came from. Each turn is claimed by one replica and
 * the message carries a delivery key, so nobody hears it twice. Returns how many were told.
 */
export async function apologiseForInterruptedTurns(deps: InterruptedTurnsDependencies): Promise<number> {
  const before = new Date(
    deps.clock.now().getTime() - (deps.interruptedAfterMs ?? DEFAULT_INTERRUPTED_AFTER_MS),
  );
  let told = 0;
  for (;;) {
    const claimed = await deps.journal.claimStartedBefore(before, CLAIM_BATCH);
    for (const turn of claimed) {
      try {
        await deps.messenger.deliver(
          {
            channel: turn.channel,
            conversationKey: turn.conversationKey,
            userId: turn.userId,
            deliveryKey: `interrupted:${turn.turnId}`,
          },
          errorReply(INTERRUPTED_TURN_APOLOGY),
        );
        told++;
        await deps.audit.record('lumen', 'turn.interrupted', turn.turnId, { channel: turn.channel });
      } catch (error) {
        deps.log.error('could not tell someone their turn was interrupted', {
          turnId: turn.turnId,
          channel: turn.channel,
          error: describeError(error),
        });
      }
    }
    if (claimed.length < CLAIM_BATCH) return told;
  }
}
