import type { CopilotContext } from '../context.js';
import type { EscalationDesk } from '../escalation/escalation-desk.js';
import { isAdmin } from '../governance/principals.js';
import { plainReply } from '../replies.js';
import { FEEDBACK_REASON_LABELS, type Reply } from '../reply.js';
import type { Turn } from '../turn.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether a message is an admin command (`admin …`). */
export function isAdminCommand(text: string): boolean {
  return /^\/?admin(\s|$)/i.test(text.trim());
}

/** Runs an admin command for an admin; everyone else is told it is not for them. */
export async function runAdminCommand(
  ctx: CopilotContext,
  desk: EscalationDesk,
  turn: Turn,
  text: string,
): Promise<Reply> {
  if (!isAdmin(turn.user, ctx.admins)) {
    await ctx.audit.record(turn.user.id, 'admin.denied', undefined, { command: text.split(/\s+/)[1] ?? '' });
    return plainReply('error', 'That command is only for Lumen admins.', { visibility: 'asker' });
  }
  const [, command = '', id = '', ...rest] = text.trim().split(/\s+/);
  await ctx.audit.record(turn.user.id, `admin.${command || 'help'}`, id || undefined, {});
  const admin = (body: string) => plainReply('admin', body, { visibility: 'asker' });
  switch (command.toLowerCase()) {
    case 'feedback':
      return admin(await feedbackSummary(ctx));
    case 'escalations': {
      const open = await desk.list('open');
      if (open.length === 0) return admin('No open escalations.');
      return admin(
        [
          `**${open.length} open escalation(s)**`,
          ...open.map((e) => `- \`${e.id.slice(0, 8)}\` ${e.userName ?? e.userId}: ${e.question}`),
        ].join('\n'),
      );
    }
    case 'answer': {
      const escalation = id ? await desk.find(id) : undefined;
      if (!escalation || rest.length === 0)
        return admin('Usage: `admin answer <escalation id> <your answer>`');
      await desk.answer(escalation.id, rest.join(' '), turn.user.name ?? turn.user.id);
      return admin(`Sent your answer to ${escalation.userName ?? escalation.userId}.`);
    }
    case 'resolve': {
      const escalation = id ? await desk.find(id) : undefined;
      if (!escalation) return admin('Usage: `admin resolve <escalation id>`');
      await desk.resolve(escalation.id, turn.user.name ?? turn.user.id);
      return admin(`Escalation \`${escalation.id.slice(0, 8)}\` is resolved.`);
    }
    default:
      return admin(
        'Admin commands: `admin feedback` (last 7 days), `admin escalations`, `admin answer <id> <text>`, `admin resolve <id>`.',
      );
  }
}

async function feedbackSummary(ctx: CopilotContext): Promise<string> {
  const since = new Date(ctx.clock.now().getTime() - 7 * DAY_MS);
  const feedback = await ctx.store.feedback.list({ since, limit: 10_000 });
  if (feedback.length === 0) return 'No feedback in the last 7 days.';
  const helpful = feedback.filter((f) => f.rating === 'helpful').length;
  const reasons = new Map<string, number>();
  for (const f of feedback) if (f.reason) reasons.set(f.reason, (reasons.get(f.reason) ?? 0) + 1);
  const lines = [
    `**Feedback, last 7 days:** ${feedback.length} ratings, ${Math.round((helpful / feedback.length) * 100)}% helpful.`,
  ];
  for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1])) {
    lines.push(
      `- ${FEEDBACK_REASON_LABELS[reason as keyof typeof FEEDBACK_REASON_LABELS] ?? reason}: ${count}`,
    );
  }
  return lines.join('\n');
}
