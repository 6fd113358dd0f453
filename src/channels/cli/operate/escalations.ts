import type { Lumen } from '../../../app/create-lumen.js';
import type { EscalationRecord, EscalationStatus } from '../../../core/index.js';
import { ESCALATION_STATUSES } from '../../../core/ports/records.js';
import { withLumen } from '../cli-context.js';
import { requireCliAdmin } from './admin-actor.js';

type ActorOptions = { dataDir?: string; by?: string };

async function findOrFail(lumen: Lumen, id: string): Promise<EscalationRecord> {
  const escalation = await lumen.copilot.escalations.find(id);
  if (!escalation) throw new Error(`no escalation matches "${id}"; run \`escalations list\` to see ids`);
  return escalation;
}

/** `lumen escalations list [--status S]`. */
export async function listEscalationsCommand(options: {
  dataDir?: string;
  status?: string;
  json?: boolean;
  by?: string;
}) {
  if (options.status && !(ESCALATION_STATUSES as readonly string[]).includes(options.status)) {
    throw new Error(
      `unknown status "${options.status}"; accepted values are ${ESCALATION_STATUSES.join(', ')}`,
    );
  }
  await withLumen(options, async (lumen) => {
    await requireCliAdmin(lumen, options.by, 'list escalations');
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
      const queue = e.queue && e.queue !== 'default' ? `  queue ${e.queue}` : '';
      const claimed = e.claimedBy ? `  claimed by ${e.claimedBy}` : '';
      process.stdout.write(
        `${e.id.slice(0, 8)}  ${e.status.padEnd(8)}  ${e.createdAt.toISOString().slice(0, 16)}  ${e.channel}  ${e.userName ?? e.userId}${queue}${claimed}\n    ${e.question}\n`,
      );
    }
  });
}

/** `lumen escalations claim <id>`. */
export async function claimEscalationCommand(id: string, options: ActorOptions) {
  await withLumen(options, async (lumen) => {
    const by = await requireCliAdmin(lumen, options.by, 'claim escalations');
    const escalation = await findOrFail(lumen, id);
    await lumen.copilot.escalations.claim(escalation.id, by);
    process.stdout.write(`Claimed ${escalation.id.slice(0, 8)} for ${by}.\n`);
  });
}

/** `lumen escalations answer <id> <text…>`: the answer reaches the employee's conversation. */
export async function answerEscalationCommand(id: string, words: string[], options: ActorOptions) {
  const text = words.join(' ').trim();
  if (!text) throw new Error('the answer text is empty; pass it after the escalation id');
  await withLumen(options, async (lumen) => {
    const by = await requireCliAdmin(lumen, options.by, 'answer escalations');
    const escalation = await findOrFail(lumen, id);
    await lumen.copilot.escalations.answer(escalation.id, text, by ?? 'Support');
    process.stdout.write(
      `Answered ${escalation.id.slice(0, 8)}; the answer was delivered to ${escalation.userName ?? escalation.userId}.\n`,
    );
  });
}

/** `lumen escalations ask <id> <text…>`: asks the employee for more information. */
export async function requestInfoCommand(id: string, words: string[], options: ActorOptions) {
  const text = words.join(' ').trim();
  if (!text) throw new Error('the question for the employee is empty; pass it after the escalation id');
  await withLumen(options, async (lumen) => {
    const by = await requireCliAdmin(lumen, options.by, 'ask employees for more information');
    const escalation = await findOrFail(lumen, id);
    await lumen.copilot.escalations.requestInfo(escalation.id, text, by);
    process.stdout.write(`Asked ${escalation.userName ?? escalation.userId} for more information.\n`);
  });
}

/** `lumen escalations resolve <id>`. */
export async function resolveEscalationCommand(id: string, options: ActorOptions) {
  await withLumen(options, async (lumen) => {
    const by = await requireCliAdmin(lumen, options.by, 'resolve escalations');
    const escalation = await findOrFail(lumen, id);
    await lumen.copilot.escalations.resolve(escalation.id, by);
    process.stdout.write(`Resolved ${escalation.id.slice(0, 8)}.\n`);
  });
}

/** `lumen escalations reassign <id> <queue>`. */
export async function reassignEscalationCommand(id: string, queue: string, options: ActorOptions) {
  await withLumen(options, async (lumen) => {
    const by = await requireCliAdmin(lumen, options.by, 'reassign escalations');
    const escalation = await findOrFail(lumen, id);
    await lumen.copilot.escalations.reassign(escalation.id, queue, by);
    process.stdout.write(`Moved ${escalation.id.slice(0, 8)} to queue ${queue}.\n`);
  });
}

/** `lumen escalations promote <id> [--acl list] [--approve]`: proposes the answer as curated knowledge. */
export async function promoteEscalationCommand(
  id: string,
  options: ActorOptions & { acl?: string; approve?: boolean; json?: boolean },
) {
  await withLumen(options, async (lumen) => {
    const by = await requireCliAdmin(lumen, options.by, 'promote answers to knowledge');
    const escalation = await findOrFail(lumen, id);
    const acl = options.acl?.split(',').map((p) => p.trim()) ?? ['everyone'];
    let entry = await lumen.copilot.curation.propose(escalation.id, by, { acl });
    if (options.approve) entry = await lumen.copilot.curation.approve(entry.id, by);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(entry, null, 2)}\n`);
      return;
    }
    process.stdout.write(
      entry.status === 'approved'
        ? `Curated entry ${entry.id.slice(0, 8)} is approved and answers from now on (readers: ${entry.acl.join(', ')}).\n`
        : `Proposed curated entry ${entry.id.slice(0, 8)}; an owner approves it with \`escalations approve ${entry.id.slice(0, 8)}\`.\n`,
    );
  });
}

/** `lumen escalations approve <entry id>`: an owner approves a proposed curated entry. */
export async function approveCuratedCommand(id: string, options: ActorOptions) {
  await withLumen(options, async (lumen) => {
    const by = await requireCliAdmin(lumen, options.by, 'approve curated answers');
    const entries = (await lumen.copilot.curation.list('proposed')).filter((e) => e.id.startsWith(id));
    if (entries.length !== 1) throw new Error(`no single proposed curated entry matches "${id}"`);
    const entry = await lumen.copilot.curation.approve(entries[0]!.id, by);
    process.stdout.write(`Approved ${entry.id.slice(0, 8)}; Lumen uses it from now on.\n`);
  });
}

/** `lumen escalations remind`: one SLA pass (reminders and closing), for a scheduler. */
export async function remindEscalationsCommand(options: { dataDir?: string }) {
  await withLumen(options, async (lumen) => {
    const { reminded, closed } = await lumen.copilot.sla.run();
    process.stdout.write(
      `Reminded ${reminded.length} queue item(s); closed ${closed.length} for no response.\n`,
    );
  });
}
