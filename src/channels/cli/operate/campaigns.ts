import type { Lumen } from '../../../app/create-lumen.js';
import { CampaignDesk } from '../../../core/campaigns/campaign-desk.js';
import { type DeliveryCounts, deliveryCounts, reportToCsv } from '../../../core/campaigns/campaign-report.js';

/** The delivery figures `campaign show` and `campaign report` both print, in the same words. */
function describeDelivery(c: DeliveryCounts): string {
  return `delivered ${c.delivered}, not yet sent ${c.notYetSent}, reminders due ${c.remindersDue}, failed ${c.failed}, skipped ${c.skipped}`;
}

import { CampaignRunner } from '../../../core/campaigns/campaign-runner.js';
import { describeAudience } from '../../../core/campaigns/describe-audience.js';
import { type DraftInput, toDraft } from '../../../core/campaigns/draft-input.js';
import { withLumen } from '../cli-context.js';

/** Flags of `campaign create`: the campaign as typed, and what to do with it. */
export interface CreateOptions extends DraftInput {
  dataDir?: string;
  preview?: boolean;
  testTo?: string;
  json?: boolean;
}

function desk(lumen: Lumen): CampaignDesk {
  return new CampaignDesk(lumen.store, lumen.lessons, lumen.messenger, lumen.clock, lumen.log);
}

async function found(lumen: Lumen, id: string) {
  const campaign = await desk(lumen).find(id);
  if (!campaign) throw new Error(`no campaign matches "${id}"; run \`campaign list\` to see ids`);
  return campaign;
}

/** `lumen campaign create …`: previews, test-sends, or creates. */
export async function createCampaignCommand(options: CreateOptions): Promise<void> {
  const draft = toDraft(options);
  await withLumen(options, async (lumen) => {
    const d = desk(lumen);
    if (options.testTo) {
      await d.testSend(draft, options.testTo);
      process.stdout.write(`Test nudge sent to ${options.testTo}.\n`);
      return;
    }
    if (options.preview) {
      const p = await d.preview(draft);
      if (options.json) process.stdout.write(`${JSON.stringify(p, null, 2)}\n`);
      else
        process.stdout.write(
          `Audience: ${p.audience} people; ${p.alreadyCompleted} already completed the lesson; ${p.notForRole} are not in the lesson's roles; ${p.unreachable} have no direct conversation with Lumen; ${p.targeted} would be targeted (${p.optedOut} of them opted out and will be skipped).\n`,
        );
      return;
    }
    const { campaign, targeted } = await d.create(draft);
    if (options.json) process.stdout.write(`${JSON.stringify({ ...campaign, targeted }, null, 2)}\n`);
    else
      process.stdout.write(
        `Created campaign ${campaign.id.slice(0, 8)} "${campaign.name}" for ${targeted} people.\n`,
      );
  });
}

export async function listCampaignsCommand(options: { dataDir?: string; json?: boolean }): Promise<void> {
  await withLumen(options, async (lumen) => {
    const list = await desk(lumen).list();
    if (options.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    if (list.length === 0) return void process.stdout.write('No campaigns.\n');
    for (const c of list) {
      process.stdout.write(
        `${c.id.slice(0, 8)}  ${c.status.padEnd(9)}  ${c.startsAt.toISOString().slice(0, 16)}  ${c.name}  (${c.lessonId ?? 'message'})\n`,
      );
    }
  });
}

export async function showCampaignCommand(
  id: string,
  options: { dataDir?: string; json?: boolean },
): Promise<void> {
  await withLumen(options, async (lumen) => {
    const c = await found(lumen, id);
    const recipients = await lumen.store.campaigns.recipients(c.id);
    const counts = deliveryCounts(recipients);
    if (options.json) {
      const json = { ...c, recipients: { targeted: recipients.length, ...counts } };
      return void process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    }
    const hhmm = (m: number) =>
      `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    process.stdout.write(
      [
        `${c.name} (${c.id})`,
        `status: ${c.status}; created by ${c.createdBy} at ${c.createdAt.toISOString()}`,
        `content: ${c.lessonId ? `lesson ${c.lessonId}` : 'message'}${c.message ? `: ${c.message}` : ''}`,
        `audience: ${describeAudience(c.audience)}`,
        `starts: ${c.startsAt.toISOString()}; window ${hhmm(c.window.start)}-${hhmm(c.window.end)} local, quiet ${hhmm(c.window.quietStart)}-${hhmm(c.window.quietEnd)}${c.window.skipWeekends ? ', weekdays only' : ''}`,
        `reminders after: ${c.reminders.length ? c.reminders.map((m) => `${m} min`).join(', ') : 'none'}; caps ${c.caps.perDay}/day, ${c.caps.perWeek}/week`,
        `recipients: ${recipients.length === 0 ? 'none' : `targeted ${recipients.length}, ${describeDelivery(counts)}`}`,
        ...recipients
          .filter((r) => r.state === 'failed')
          .map(
            (r) =>
              `  failed: ${r.userId} on ${r.channel} after ${r.attempts} attempts: ${r.error ?? 'unknown error'}`,
          ),
        '',
      ].join('\n'),
    );
  });
}

export async function reportCampaignCommand(
  id: string,
  options: { dataDir?: string; json?: boolean; csv?: boolean },
): Promise<void> {
  await withLumen(options, async (lumen) => {
    const report = await desk(lumen).report((await found(lumen, id)).id);
    if (options.csv) return void process.stdout.write(reportToCsv(report));
    if (options.json) return void process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    const pct = (x?: number) => (x === undefined ? 'n/a' : `${Math.round(x * 100)}%`);
    const lines = [
      `${report.name}: targeted ${report.targeted}, delivered ${report.delivered}, opened ${report.opened}, started ${report.started}, completed ${report.completed}`,
      `not yet sent ${report.pending}, reminders due ${report.remindersDue}, failed ${report.failed}, opted out ${report.optedOut}`,
      `quiz score ${pct(report.quizScore)}, confidence change ${report.confidenceChange?.toFixed(1) ?? 'n/a'}, useful ${report.useful.yes} / not useful ${report.useful.no}`,
      ...report.questions.map((q) => `  Q${q.question} ${q.correct}/${q.answered} right: ${q.text}`),
      ...report.groups.map(
        (g) =>
          `  ${g.group}: targeted ${g.targeted}, delivered ${g.delivered}, opened ${g.opened}, started ${g.started}, completed ${g.completed}`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}

export async function cancelCampaignCommand(id: string, options: { dataDir?: string }): Promise<void> {
  await withLumen(options, async (lumen) => {
    const c = await found(lumen, id);
    await desk(lumen).cancel(c.id, process.env.USER ?? 'L&D');
    process.stdout.write(`Cancelled ${c.id.slice(0, 8)} "${c.name}".\n`);
  });
}

/** `lumen campaign run`: delivers what is due now, paced, and prints what happened. */
export async function runCampaignsCommand(options: { dataDir?: string; rate: string }): Promise<void> {
  const perSecond = Number(options.rate);
  if (!(perSecond > 0))
    throw new Error(`--rate "${options.rate}" must be a positive number of messages per second`);
  await withLumen(options, async (lumen) => {
    const runner = new CampaignRunner(
      {
        store: lumen.store,
        messenger: lumen.messenger,
        lessons: lumen.lessons,
        clock: lumen.clock,
        log: lumen.log,
      },
      { perSecond },
    );
    const s = await runner.runDue();
    process.stdout.write(
      `Sent ${s.sent}, skipped ${s.skipped}, deferred ${s.deferred}, retrying ${s.retried}, failed ${s.failed}.\n`,
    );
  });
}
