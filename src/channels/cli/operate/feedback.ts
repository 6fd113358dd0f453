import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Lumen } from '../../../app/create-lumen.js';
import { pseudonymSecret } from '../../../config/secrets.js';
import { parseDateRange } from '../../../core/admin/date-range.js';
import { type ExportFormat, type ExportKind, exportRecords } from '../../../core/admin/feedback-export.js';
import { type FeedbackSummary, gapReport, summarizeFeedback } from '../../../core/admin/feedback-summary.js';
import type { QuestionGroup } from '../../../core/admin/group-questions.js';
import { FEEDBACK_REASON_LABELS, type FeedbackReason } from '../../../core/reply.js';
import { withLumen } from '../cli-context.js';
import { requireCliAdmin } from './admin-actor.js';

interface RangeOptions {
  dataDir?: string;
  since?: string;
  until?: string;
  by?: string;
  json?: boolean;
}

/** `lumen feedback export`: streams CSV or JSONL to a file or stdout. */
export async function exportFeedbackCommand(
  options: RangeOptions & { format: string; kind?: string; pseudonymize?: boolean; out?: string },
) {
  if (options.format !== 'csv' && options.format !== 'jsonl') {
    throw new Error(`unknown format "${options.format}"; accepted values are csv, jsonl`);
  }
  const range = parseDateRange(options.since, options.until);
  await withLumen(options, async (lumen) => {
    const actor = await requireCliAdmin(lumen, options.by, 'export feedback');
    await lumen.copilot.audit.record(actor, 'admin.export', undefined, {
      surface: 'cli',
      format: options.format,
      kind: options.kind ?? 'feedback',
      pseudonymize: Boolean(options.pseudonymize),
      since: range.since?.toISOString(),
      until: range.until?.toISOString(),
    });
    const text = exportRecords(lumen.store, {
      format: options.format as ExportFormat,
      kind: (options.kind ?? 'feedback') as ExportKind,
      range,
      ...(options.pseudonymize ? { pseudonymize: { secret: pseudonymSecret(lumen.config) } } : {}),
    });
    const out = options.out ? createWriteStream(options.out) : process.stdout;
    await pipeline(Readable.from(text), out, { end: Boolean(options.out) });
    if (options.out) process.stderr.write(`Wrote ${options.out}\n`);
  });
}

/** `lumen feedback summary`: ratings over time, reasons, unanswered questions, documents, escalations. */
export async function feedbackSummaryCommand(options: RangeOptions) {
  const range = parseDateRange(options.since, options.until);
  await withLumen(options, async (lumen) => {
    await authorize(lumen, options, 'summarize feedback');
    const summary = await summarizeFeedback(lumen.store, range);
    process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : renderSummary(summary));
  });
}

/** `lumen feedback gaps`: questions abstained on, escalated or rated not helpful, grouped. */
export async function gapReportCommand(options: RangeOptions) {
  const range = parseDateRange(options.since, options.until);
  await withLumen(options, async (lumen) => {
    await authorize(lumen, options, 'report knowledge gaps');
    const groups = await gapReport(lumen.store, range);
    process.stdout.write(
      options.json ? `${JSON.stringify(groups, null, 2)}\n` : renderGroups(groups, 'No gaps found.'),
    );
  });
}

async function authorize(lumen: Lumen, options: RangeOptions, doing: string) {
  const actor = await requireCliAdmin(lumen, options.by, doing);
  await lumen.copilot.audit.record(actor, `admin.${doing.split(' ')[0]}`, undefined, { surface: 'cli' });
}

const pct = (rate: number | null) => (rate === null ? '-' : `${Math.round(rate * 100)}%`);

function renderSummary(s: FeedbackSummary): string {
  const lines = [
    `Ratings: ${s.totals.ratings} (${pct(s.totals.helpfulRate)} helpful); questions: ${s.totals.turns}, unanswered: ${s.totals.abstained}`,
    '',
    'Helpful rate by week:',
    ...s.byWeek.map(
      (b) => `  ${b.start}  ${pct(b.helpfulRate).padStart(4)}  (${b.helpful}/${b.helpful + b.notHelpful})`,
    ),
    '',
    'Not-helpful reasons:',
    ...s.reasons.map(
      (r) =>
        `  ${r.count.toString().padStart(5)}  ${r.reason === 'none' ? 'No reason given' : FEEDBACK_REASON_LABELS[r.reason as FeedbackReason]}`,
    ),
    '',
    'Documents most cited in not-helpful answers:',
    ...s.documentsInBadAnswers.map((d) => `  ${d.count.toString().padStart(5)}  ${d.document}`),
    '',
    'Unanswered questions:',
    renderGroups(s.unanswered, '  none').trimEnd(),
    '',
    `Escalations: ${s.escalations.total} (${
      Object.entries(s.escalations.byStatus)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }); median time to resolve: ${s.escalations.medianMinutesToResolve ?? '-'} min`,
  ];
  return `${lines.join('\n')}\n`;
}

function renderGroups(groups: QuestionGroup[], empty: string): string {
  if (groups.length === 0) return `${empty}\n`;
  return `${groups
    .map((g) => {
      const signals = Object.entries(g.signals)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      return `  ${g.count.toString().padStart(5)}  ${g.question}  [${signals}]`;
    })
    .join('\n')}\n`;
}
