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
import { cliIdentity, cliTurn } from './cli-turn.js';
import { renderReplyText } from './render-text.js';
import { stdoutStyle } from './terminal-markdown.js';

const CHAT_HELP = `Type a question, or "lesson" for a short lesson. Commands: /good, /bad [reason] [comment], /human, /1, /2… (press a numbered button), /new, /quit
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
    rl.setPrompt('you> ');
    // Piped input can end while an answer is being written: the lines read before it still
    // come, each after its prompt, which Node 24 refuses to show once input has ended.
    let inputEnded = false;
    rl.once('close', () => {
      inputEnded = true;
    });
    const prompt = () => (inputEnded ? process.stdout.write(rl.getPrompt()) : rl.prompt());
    // Piped or here-doc input is not echoed by a terminal: print each line after its prompt.
    const echo = !process.stdin.isTTY;
    process.stdout.write(`Lumen chat. ${CHAT_HELP}\n\n`);
    /**
     * Shows a reply and numbers its buttons. A message delivered later (a person's answer)
     * numbers its buttons after the ones already offered, so `/1` keeps meaning what it meant.
     */
    const show = (reply: Reply, delivered = false) => {
      if (reply.turnId) lastTurnId = reply.turnId;
      process.stdout.write(`\n${renderReplyText(reply, stdoutStyle())}\n\n`);
      // Feedback and hand-off have their own commands; other buttons (lessons, quizzes) are numbered.
      const pressable = reply.actions.filter(
        (a) => a.payload.name !== 'feedback' && a.payload.name !== 'escalate',
      );
      if (pressable.length > 0) {
        const first = delivered ? buttons.length : 0;
        buttons = [...(delivered ? buttons : []), ...pressable.map((a) => a.payload)];
        process.stdout.write(`${pressable.map((a, i) => `/${first + i + 1} ${a.label}`).join('   ')}\n\n`);
      }
    };
    const showDelivered = async () => {
      const key = conversationKey(cliTurn(identity, conversationId, {}));
      for (const message of await lumen.store.outbox.after(key, seenSeq)) {
        seenSeq = message.seq;
        show(message.reply, true);
      }
    };
    try {
      await showDelivered();
      prompt();
      // Lines typed or piped while an answer is being written wait their turn: none is lost.
      for await (const typed of rl) {
        const line = typed.trim();
        if (echo) process.stdout.write(`${typed}\n`);
        if (line === '/quit' || line === '/exit') break;
        await handleLine(line);
        await showDelivered();
        prompt();
      }
      if (echo) process.stdout.write('\n');
    } finally {
      rl.close();
    }

    async function handleLine(line: string): Promise<void> {
      if (!line) return;
      if (line === '/help') {
        process.stdout.write(`${CHAT_HELP}\n`);
        return;
      }
      if (line === '/new') {
        conversationId = randomUUID();
        lastTurnId = undefined;
        seenSeq = 0;
        process.stdout.write('Started a new conversation.\n');
        return;
      }
      if (line === '/good' || line.startsWith('/bad')) {
        if (!lastTurnId) {
          process.stdout.write('There is no answer to rate yet.\n');
          return;
        }
        const [, reason, ...comment] = line.split(/\s+/);
        if (reason && !FEEDBACK_REASONS.includes(reason as FeedbackReason)) {
          process.stdout.write(`Unknown reason "${reason}". Reasons: ${FEEDBACK_REASONS.join(', ')}\n`);
          return;
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
        return;
      }
      const pressed = /^\/([1-9]\d?)$/.exec(line);
      if (pressed) {
        const action = buttons[Number(pressed[1]) - 1];
        if (!action) {
          process.stdout.write('There is no such button.\n');
          return;
        }
        show(await lumen.copilot.handle(cliTurn(identity, conversationId, { action })));
        return;
      }
      if (line === '/human') {
        const action = { name: 'escalate', ...(lastTurnId ? { turnId: lastTurnId } : {}) } as const;
        show(await lumen.copilot.handle(cliTurn(identity, conversationId, { action })));
        return;
      }
      const stream = { partial: () => undefined };
      show(await lumen.copilot.handle(cliTurn(identity, conversationId, { text: line }), stream));
    }
  });
}
