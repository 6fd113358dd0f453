import type { EscalationStatus } from '../../../core/index.js';
import { withLumen } from '../cli-context.js';

const STATUSES: EscalationStatus[] = ['open', 'answered', 'resolved'];

/** `lumen escalations list [--status S]`. */
export async function listEscalationsCommand(options: { dataDir?: string; status?: string; json?: boolean }) {
  if (options.status && !STATUSES.includes(options.status as EscalationStatus)) {
    throw new Error(`unknown status "${options.status}"; accepted values are ${STATUSES.join(', ')}`);
  }
  await withLumen(options, async (lumen) => {
    const list = await lumen.copilot.escalations.list(options.status as EscalationStatus | undefined);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      return;
    }
    if (list.length === 0) {
      process.stdout.write('No escalations.\n');
      return;
    }
    for (const e of list) {
      process.stdout.write(
        `${e.id.slice(0, 8)}  ${e.status.padEnd(8)}  ${e.createdAt.toISOString().slice(0, 16)}  ${e.channel}  ${e.userName ?? e.userId}\n    ${e.question}\n`,
      );
    }
  });
}

/** `lumen escalations answer <id> <text…>`: the answer reaches the employee's conversation. */
export async function answerEscalationCommand(
  id: string,
  words: string[],
  options: { dataDir?: string; by?: string },
) {
  const text = words.join(' ').trim();
  if (!text) throw new Error('the answer text is empty; pass it after the escalation id');
  await withLumen(options, async (lumen) => {
    const escalation = await lumen.copilot.escalations.find(id);
    if (!escalation) throw new Error(`no escalation matches "${id}"; run \`escalations list\` to see ids`);
    await lumen.copilot.escalations.answer(escalation.id, text, options.by ?? process.env.USER ?? 'Support');
    process.stdout.write(
      `Answered ${escalation.id.slice(0, 8)}; the answer was delivered to ${escalation.userName ?? escalation.userId}.\n`,
    );
  });
}

/** `lumen escalations resolve <id>`. */
export async function resolveEscalationCommand(id: string, options: { dataDir?: string; by?: string }) {
  await withLumen(options, async (lumen) => {
    const escalation = await lumen.copilot.escalations.find(id);
    if (!escalation) throw new Error(`no escalation matches "${id}"; run \`escalations list\` to see ids`);
    await lumen.copilot.escalations.resolve(escalation.id, options.by ?? process.env.USER ?? 'Support');
    process.stdout.write(`Resolved ${escalation.id.slice(0, 8)}.\n`);
  });
}
