import type { CopilotContext } from '../context.js';
import type { Curation } from '../escalation/curation.js';
import type { EscalationDesk } from '../escalation/escalation-desk.js';
import { isAdmin } from '../governance/principals.js';
import type { EscalationRecord } from '../ports.js';
import { plainReply } from '../replies.js';
import { FEEDBACK_REASON_LABELS, type FeedbackReason, type Reply } from '../reply.js';
import type { Turn } from '../turn.js';
import { exportRecords } from './feedback-export.js';
import { gapReport, summarizeFeedback } from './feedback-summary.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Most rows an export sent as a chat file holds. */
export const CHAT_EXPORT_ROWS = 10_000;

/**
 * A count with thousands separators ("10,000"), written out: `toLocaleString` loads the
 * locale data on first use, some 40 ms that every command and start-up would pay for the
 * usage text below.
 */
function withSeparators(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** What admin commands act on. */
export interface AdminServices {
  escalations: EscalationDesk;
  curation: Curation;
}

const USAGE = [
  'Admin commands:',
  '- `admin feedback`: ratings and reasons, last 7 days',
  '- `admin gaps`: questions Lumen could not answer well, last 30 days',
  '- `admin escalations`: escalations that need a person',
  '- `admin claim <id>`, `admin answer <id> <text>`, `admin ask <id> <question>`, `admin resolve <id>`, `admin reassign <id> <queue>`',
  '- `admin promote <id> [principals]`: propose the answer for the knowledge base',
  '- `admin proposals`, `admin approve <entry id>`',
  `- \`admin export [csv|jsonl] [days] [pseudonymize]\`: feedback as a file (up to ${withSeparators(CHAT_EXPORT_ROWS)} rows; the admin page and \`lumen feedback export\` have no limit)`,
].join('\n');

/** Whether a message is an admin command (`admin …`). */
export function isAdminCommand(text: string): boolean {
  return /^\/?admin(\s|$)/i.test(text.trim());
}

/**
 * The command word someone who is not an admin tried, as the audit keeps it: masked, and
 * only when it looks like a command, so nothing they typed after `admin` is stored raw.
 */
function deniedCommand(ctx: Pick<CopilotContext, 'pii'>, text: string): string {
  const word = ctx.pii.mask(text.trim()).split(/\s+/)[1] ?? '';
  return /^[a-z][a-z-]{0,29}$/i.test(word) ? word.toLowerCase() : '(not a command)';
}

/** Runs an admin command for an admin; everyone else is told it is not for them. Every command is audited. */
export async function runAdminCommand(
  ctx: CopilotContext,
  services: AdminServices,
  turn: Turn,
  text: string,
): Promise<Reply> {
  if (!isAdmin(turn.user, ctx.admins)) {
    await ctx.audit.record(turn.user.id, 'admin.denied', undefined, { command: deniedCommand(ctx, text) });
    return plainReply('error', 'That command is only for Lumen admins.', { visibility: 'asker' });
  }
  const [, command = '', id = '', ...rest] = text.trim().split(/\s+/);
  // An export is audited with its range and row count once it is built.
  if (command.toLowerCase() !== 'export') {
    await ctx.audit.record(turn.user.id, `admin.${command.toLowerCase() || 'help'}`, id || undefined, {
      surface: turn.channel,
    });
  }
  const admin = (body: string) => plainReply('admin', body, { visibility: 'asker' });
  const actor = turn.user.email ?? turn.user.name ?? turn.user.id;
  const { escalations: desk, curation } = services;
  const find = async (): Promise<EscalationRecord | undefined> => (id ? desk.find(id) : undefined);
  const short = (e: { id: string }) => `\`${e.id.slice(0, 8)}\``;
  switch (command.toLowerCase()) {
    case 'feedback':
      return admin(await feedbackSummary(ctx));
    case 'gaps': {
      const since = new Date(ctx.clock.now().getTime() - 30 * DAY_MS);
      const groups = await gapReport(ctx.store, { since }, 10);
      if (groups.length === 0) return admin('No gaps in the last 30 days.');
      return admin(
        ['**Gaps, last 30 days**', ...groups.map((g) => `- ${g.count}× ${g.question}`)].join('\n'),
      );
    }
    case 'escalations': {
      const active = (await desk.list()).filter((e) =>
        ['open', 'claimed', 'waiting_on_employee'].includes(e.status),
      );
      if (active.length === 0) return admin('No open escalations.');
      return admin(
        [
          `**${active.length} open escalation(s)**`,
          ...active.map(
            (e) =>
              `- ${short(e)} ${e.status.replaceAll('_', ' ')}${e.queue ? ` (${e.queue})` : ''} ${e.userName ?? e.userId}: ${e.question}`,
          ),
        ].join('\n'),
      );
    }
    case 'claim': {
      const escalation = await find();
      if (!escalation) return admin('Usage: `admin claim <escalation id>`');
      await desk.claim(escalation.id, actor);
      return admin(`You claimed ${short(escalation)}.`);
    }
    case 'answer':
    case 'ask': {
      const escalation = await find();
      if (!escalation || rest.length === 0)
        return admin(`Usage: \`admin ${command} <escalation id> <text>\``);
      if (command === 'ask') {
        await desk.requestInfo(escalation.id, rest.join(' '), turn.user.name ?? actor);
        return admin(`Asked ${escalation.userName ?? escalation.userId} for more information.`);
      }
      await desk.answer(escalation.id, rest.join(' '), turn.user.name ?? actor);
      return admin(`Sent your answer to ${escalation.userName ?? escalation.userId}.`);
    }
    case 'resolve': {
      const escalation = await find();
      if (!escalation) return admin('Usage: `admin resolve <escalation id>`');
      await desk.resolve(escalation.id, turn.user.name ?? actor);
      return admin(`Escalation ${short(escalation)} is resolved.`);
    }
    case 'promote': {
      const escalation = await find();
      if (!escalation)
        return admin('Usage: `admin promote <escalation id> [everyone|group:<name>|user:<email> …]`');
      const entry = await curation.propose(escalation.id, actor, { acl: rest.length ? rest : ['everyone'] });
      return admin(
        `Proposed ${short(entry)} for the knowledge base; approve it with \`admin approve ${entry.id.slice(0, 8)}\`.`,
      );
    }
    case 'export':
      return exportAsFile(ctx, [id, ...rest], turn.user.id);
    case 'reassign': {
      const escalation = await find();
      const queue = rest[0] ?? '';
      if (!escalation || !/^[\w-]{1,100}$/.test(queue))
        return admin('Usage: `admin reassign <escalation id> <queue>`');
      await desk.reassign(escalation.id, queue, actor);
      return admin(`Moved ${short(escalation)} to queue ${queue}.`);
    }
    case 'proposals': {
      const proposed = await curation.list('proposed');
      if (proposed.length === 0) return admin('No curated answers wait for approval.');
      return admin(
        proposed.map((p) => `- ${short(p)} ${p.question} (readers: ${p.acl.join(', ')})`).join('\n'),
      );
    }
    case 'approve': {
      const matches = (await curation.list('proposed')).filter((p) => id && p.id.startsWith(id));
      if (matches.length !== 1) return admin('Usage: `admin approve <entry id>` (see `admin proposals`)');
      await curation.approve(matches[0]!.id, actor);
      return admin(`Approved ${short(matches[0]!)}; I'll use it from now on.`);
    }
    default:
      return admin(USAGE);
  }
}

async function feedbackSummary(ctx: CopilotContext): Promise<string> {
  const since = new Date(ctx.clock.now().getTime() - 7 * DAY_MS);
  const summary = await summarizeFeedback(ctx.store, { since });
  const { ratings, helpfulRate } = summary.totals;
  if (ratings === 0) return 'No feedback in the last 7 days.';
  const lines = [
    `**Feedback, last 7 days:** ${ratings} ratings, ${Math.round((helpfulRate ?? 0) * 100)}% helpful.`,
  ];
  for (const { reason, count } of summary.reasons) {
    lines.push(
      `- ${reason === 'none' ? 'No reason given' : FEEDBACK_REASON_LABELS[reason as FeedbackReason]}: ${count}`,
    );
  }
  if (summary.escalations.total > 0) {
    lines.push(
      `Escalations: ${summary.escalations.total}; median time to resolution ${summary.escalations.medianMinutesToResolve ?? '–'} min.`,
    );
  }
  return lines.join('\n');
}

/** `admin export [csv|jsonl] [days] [pseudonymize]`: feedback of the last days as a file in the reply. */
async function exportAsFile(ctx: CopilotContext, words: string[], actor: string): Promise<Reply> {
  const format = words.includes('jsonl') ? 'jsonl' : 'csv';
  const days = Number(words.find((w) => /^\d{1,4}$/.test(w)) ?? 30);
  const pseudonymize = words.includes('pseudonymize') || words.includes('pseudonymized');
  if (pseudonymize && !ctx.pseudonymSecret) {
    return plainReply(
      'admin',
      'Pseudonymized exports need `LUMEN_PSEUDONYM_SECRET`; use the admin page instead.',
      {
        visibility: 'asker',
      },
    );
  }
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - days * DAY_MS);
  let rows = 0;
  let content = '';
  for await (const chunk of exportRecords(ctx.store, {
    format,
    range: { since },
    maxRows: CHAT_EXPORT_ROWS,
    onPage: (n) => {
      rows += n;
    },
    ...(pseudonymize && ctx.pseudonymSecret ? { pseudonymize: { secret: ctx.pseudonymSecret() } } : {}),
  })) {
    content += chunk;
  }
  rows = Math.min(rows, CHAT_EXPORT_ROWS);
  await ctx.audit.record(actor, 'admin.export', undefined, {
    surface: 'chat',
    format,
    days,
    pseudonymize,
    rows,
  });
  const capped =
    rows === CHAT_EXPORT_ROWS
      ? ` (the first ${withSeparators(CHAT_EXPORT_ROWS)}; the admin page has the rest)`
      : '';
  return plainReply('admin', `Feedback of the last ${days} days: ${rows} row(s)${capped}.`, {
    visibility: 'asker',
    attachment: {
      filename: `lumen-feedback-${now.toISOString().slice(0, 10)}.${format}`,
      contentType: format === 'csv' ? 'text/csv' : 'application/x-ndjson',
      content,
    },
  });
}

/** A Claim or Resolve button on a queue post: admins only, like the commands. */
export async function queueAction(
  ctx: CopilotContext,
  desk: EscalationDesk,
  turn: Turn,
  action: { escalationId: string; op: 'claim' | 'resolve' },
): Promise<Reply> {
  if (!isAdmin(turn.user, ctx.admins)) {
    await ctx.audit.record(turn.user.id, 'admin.denied', action.escalationId, {
      command: `queue.${action.op}`,
    });
    return plainReply('error', 'Only Lumen admins can work escalations.', { visibility: 'asker' });
  }
  const by = turn.user.name ?? turn.user.email ?? turn.user.id;
  const escalation =
    action.op === 'claim'
      ? await desk.claim(action.escalationId, by)
      : await desk.resolve(action.escalationId, by);
  return plainReply(
    'admin',
    `\`${escalation.id.slice(0, 8)}\` is ${escalation.status.replaceAll('_', ' ')}.`,
    {
      visibility: 'asker',
    },
  );
}
