import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import {
  type ActionPayload,
  conversationKey,
  FEEDBACK_REASONS,
  type FeedbackReason,
  type Reply,
} from '../../../core/index.js';
import { requireIndexed, withLumen } from '../cli-context.js';
import { cliIdentity, cliTurn } from '../cli-turn.js';
import { renderReplyText } from '../render-text.js';

const CHAT_HELP = `Type a question, or "lesson" for a short lesson. Commands: /good, /bad [reason] [comment], /human, /1../9 (press a button), /new, /quit
Reasons: ${FEEDBACK_REASONS.join(', ')}`;

/** `lumen chat`: an interactive conversation in the terminal, follow-ups included. */
export async function chatCommand(options: {
  dataDir?: string;
  as?: string;
  groups?: string;
}): Promise<void> {
  await withLumen(options, async (lumen) => {
    await requireIndexed(lumen);
    const identity = cliIdentity(options);
    let conversationId = randomUUID();
    let lastTurnId: string | undefined;
    let seenSeq = 0;
    let buttons: ActionPayload[] = [];
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    process.stdout.write(`Lumen chat. ${CHAT_HELP}\n\n`);
    const show = (reply: Reply) => {
      if (reply.turnId) lastTurnId = reply.turnId;
      process.stdout.write(`\n${renderReplyText(reply)}\n\n`);
      // Feedback and hand-off have their own commands; other buttons (lessons, quizzes) are numbered.
      const pressable = reply.actions.filter(
        (a) => a.payload.name !== 'feedback' && a.payload.name !== 'escalate',
      );
      if (pressable.length > 0) {
        buttons = pressable.map((a) => a.payload);
        process.stdout.write(`${pressable.map((a, i) => `/${i + 1} ${a.label}`).join('   ')}\n\n`);
      }
    };
    const showDelivered = async () => {
      const key = conversationKey(cliTurn(identity, conversationId, {}));
      for (const message of await lumen.store.outbox.after(key, seenSeq)) {
        seenSeq = message.seq;
        show(message.reply);
      }
    };
    try {
      for (;;) {
        await showDelivered();
        const line = (await rl.question('you> ').catch(() => '/quit')).trim();
        if (!line) continue;
        if (line === '/quit' || line === '/exit') break;
        if (line === '/help') {
          process.stdout.write(`${CHAT_HELP}\n`);
          continue;
        }
        if (line === '/new') {
          conversationId = randomUUID();
          lastTurnId = undefined;
          seenSeq = 0;
          process.stdout.write('Started a new conversation.\n');
          continue;
        }
        if (line === '/good' || line.startsWith('/bad')) {
          if (!lastTurnId) {
            process.stdout.write('There is no answer to rate yet.\n');
            continue;
          }
          const [, reason, ...comment] = line.split(/\s+/);
          if (reason && !FEEDBACK_REASONS.includes(reason as FeedbackReason)) {
            process.stdout.write(`Unknown reason "${reason}". Reasons: ${FEEDBACK_REASONS.join(', ')}\n`);
            continue;
          }
          const action =
            line === '/good'
              ? ({ name: 'feedback', turnId: lastTurnId, rating: 'helpful' } as const)
              : ({
                  name: 'feedback',
                  turnId: lastTurnId,
                  rating: 'not_helpful',
                  ...(reason ? { reason: reason as FeedbackReason } : {}),
                  ...(comment.length ? { comment: comment.join(' ') } : {}),
                } as const);
          show(await lumen.copilot.handle(cliTurn(identity, conversationId, { action })));
          continue;
        }
        const pressed = /^\/([1-9])$/.exec(line);
        if (pressed) {
          const action = buttons[Number(pressed[1]) - 1];
          if (!action) {
            process.stdout.write('There is no such button.\n');
            continue;
          }
          show(await lumen.copilot.handle(cliTurn(identity, conversationId, { action })));
          continue;
        }
        if (line === '/human') {
          const action = { name: 'escalate', ...(lastTurnId ? { turnId: lastTurnId } : {}) } as const;
          show(await lumen.copilot.handle(cliTurn(identity, conversationId, { action })));
          continue;
        }
        const stream = { partial: () => undefined };
        show(await lumen.copilot.handle(cliTurn(identity, conversationId, { text: line }), stream));
      }
    } finally {
      rl.close();
    }
  });
}
