import type { DateRange, FeedbackView, PageCursor, Store, TurnRecord } from '../ports.js';
import { Pseudonymizer } from './pseudonymizer.js';

/** Rows read from the store per query while exporting. */
export const EXPORT_PAGE_SIZE = 1000;

export type ExportFormat = 'csv' | 'jsonl';
export type ExportKind = 'feedback' | 'turns';

export interface ExportOptions {
  format: ExportFormat;
  kind?: ExportKind;
  range: DateRange;
  /** Replace user ids, names, conversation keys and emails in text with stable pseudonyms. */
  pseudonymize?: { secret: string };
  pageSize?: number;
  /** Called after each page is read, e.g. to count pages. */
  onPage?: (rows: number) => void;
  /** Stop after this many rows. */
  maxRows?: number;
}

/** Scans the store in keyset pages, oldest first, so any range runs in bounded memory. */
export async function* scanPages<T extends { createdAt: Date; id: string }>(
  read: (after: PageCursor | undefined, limit: number) => Promise<T[]>,
  pageSize: number,
  onPage?: (rows: number) => void,
): AsyncGenerator<T> {
  let after: PageCursor | undefined;
  for (;;) {
    const page = await read(after, pageSize);
    onPage?.(page.length);
    yield* page;
    if (page.length < pageSize) return;
    const last = page.at(-1)!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

/** Feedback in a range, with the turn each one rates, page by page. */
export function iterateFeedback(
  store: Store,
  range: DateRange,
  pageSize = EXPORT_PAGE_SIZE,
  onPage?: (rows: number) => void,
) {
  return scanPages<FeedbackView>(
    (after, limit) => store.feedback.page(range, after, limit),
    pageSize,
    onPage,
  );
}

/** Turns in a range, page by page. */
export function iterateTurns(
  store: Store,
  range: DateRange,
  pageSize = EXPORT_PAGE_SIZE,
  onPage?: (rows: number) => void,
) {
  return scanPages<TurnRecord>((after, limit) => store.turns.page(range, after, limit), pageSize, onPage);
}

type Row = Record<string, string | number | boolean | null | unknown[]>;

const TURN_COLUMNS = [
  'turn_id',
  'turn_at',
  'channel',
  'user',
  'user_name',
  'conversation',
  'question',
  'answer',
  'abstained',
  'model',
  'prompt_version',
  'retrieved',
  'citations',
  'latency_ms',
  'retrieval_ms',
  'generation_ms',
  'prompt_tokens',
  'completion_tokens',
  'guardrail_flags',
] as const;

const FEEDBACK_COLUMNS = [
  'feedback_id',
  'feedback_at',
  'rating',
  'reason',
  'comment',
  'rated_by',
  ...TURN_COLUMNS,
];

/**
 * Feedback (with the answer's model, prompt version, retrieved documents with rank and score,
 * citations, latency, tokens and guardrail flags) or turns, as CSV or JSONL text chunks.
 */
export async function* exportRecords(store: Store, options: ExportOptions): AsyncGenerator<string> {
  const kind = options.kind ?? 'feedback';
  const pseudo = options.pseudonymize ? new Pseudonymizer(options.pseudonymize.secret) : undefined;
  const columns = kind === 'feedback' ? FEEDBACK_COLUMNS : [...TURN_COLUMNS];
  const pageSize = options.pageSize ?? EXPORT_PAGE_SIZE;
  const rows: AsyncIterable<Row> =
    kind === 'feedback'
      ? mapAsync(iterateFeedback(store, options.range, pageSize, options.onPage), (f) =>
          feedbackRow(f, pseudo),
        )
      : mapAsync(iterateTurns(store, options.range, pageSize, options.onPage), (t) => turnRow(t, pseudo));
  if (options.format === 'csv') yield `${columns.join(',')}\r\n`;
  let batch = '';
  let count = 0;
  for await (const row of rows) {
    if (options.maxRows !== undefined && count >= options.maxRows) break;
    batch += options.format === 'csv' ? toCsvLine(columns, row) : `${JSON.stringify(row)}\n`;
    // Hand text over in batches: one chunk per row costs more in stream overhead than in work.
    if (++count % 200 === 0) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}

async function* mapAsync<A, B>(source: AsyncIterable<A>, map: (a: A) => B): AsyncGenerator<B> {
  for await (const item of source) yield map(item);
}

function turnRow(t: TurnRecord, pseudo: Pseudonymizer | undefined): Row {
  const text = (s: string) => (pseudo ? pseudo.scrub(s) : s);
  return {
    turn_id: t.id,
    turn_at: t.createdAt.toISOString(),
    channel: t.channel,
    user: pseudo ? pseudo.of(t.userId) : t.userId,
    user_name: pseudo ? null : (t.userName ?? null),
    conversation: pseudo ? pseudo.of(t.conversationKey) : t.conversationKey,
    question: text(t.question),
    answer: text(t.answer),
    abstained: t.abstained,
    model: t.model,
    prompt_version: t.promptVersion,
    retrieved: t.retrieved,
    citations: t.citations,
    latency_ms: t.latencyMs,
    retrieval_ms: t.retrievalMs,
    generation_ms: t.generationMs,
    prompt_tokens: t.promptTokens ?? null,
    completion_tokens: t.completionTokens ?? null,
    guardrail_flags: t.guardrailFlags ?? [],
  };
}

function feedbackRow(f: FeedbackView, pseudo: Pseudonymizer | undefined): Row {
  return {
    feedback_id: f.id,
    feedback_at: f.createdAt.toISOString(),
    rating: f.rating,
    reason: f.reason ?? null,
    comment: f.comment === undefined ? null : pseudo ? pseudo.scrub(f.comment) : f.comment,
    rated_by: pseudo ? pseudo.of(f.userId) : f.userId,
    ...turnRow(f.turn, pseudo),
  };
}

function toCsvLine(columns: readonly string[], row: Row): string {
  return `${columns.map((c) => csvField(row[c])).join(',')}\r\n`;
}

/** RFC 4180 quoting; arrays as JSON; a leading =+-@ is prefixed so spreadsheets do not run it as a formula. */
function csvField(value: Row[string] | undefined): string {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
