import type { DateRange, Store } from '../ports.js';
import { FEEDBACK_REASONS, type FeedbackReason } from '../reply.js';
import { iterateFeedback, iterateTurns } from './feedback-export.js';
import { groupQuestions, type QuestionGroup } from './group-questions.js';

/** Helpful and not-helpful ratings in one day or week (starting Monday, UTC). */
export interface RatingBucket {
  start: string;
  helpful: number;
  notHelpful: number;
  /** Helpful share, 0..1, or null when nobody rated. */
  helpfulRate: number | null;
}

export interface FeedbackSummary {
  range: { since?: string; until?: string };
  totals: {
    ratings: number;
    helpful: number;
    notHelpful: number;
    helpfulRate: number | null;
    turns: number;
    abstained: number;
  };
  byDay: RatingBucket[];
  byWeek: RatingBucket[];
  reasons: { reason: FeedbackReason | 'none'; count: number }[];
  /** Documents most often cited in answers rated not helpful. */
  documentsInBadAnswers: { document: string; title: string; count: number }[];
  /** Questions Lumen abstained on, grouped when similar. */
  unanswered: QuestionGroup[];
  escalations: {
    total: number;
    byStatus: Record<string, number>;
    resolved: number;
    /** Median and mean minutes from opening to resolution, over resolved ones. */
    medianMinutesToResolve: number | null;
    meanMinutesToResolve: number | null;
  };
}

const DAY_MS = 86_400_000;

/** What admins review: ratings over time, reasons, unanswered questions, cited documents, escalations. */
export async function summarizeFeedback(store: Store, range: DateRange): Promise<FeedbackSummary> {
  const days = new Map<string, { helpful: number; notHelpful: number }>();
  const weeks = new Map<string, { helpful: number; notHelpful: number }>();
  const reasons = new Map<string, number>();
  const docs = new Map<string, { title: string; count: number }>();
  let helpful = 0;
  let notHelpful = 0;
  for await (const f of iterateFeedback(store, range)) {
    const good = f.rating === 'helpful';
    if (good) helpful++;
    else notHelpful++;
    for (const [map, key] of [
      [days, dayKey(f.createdAt)],
      [weeks, weekKey(f.createdAt)],
    ] as const) {
      const bucket = map.get(key) ?? { helpful: 0, notHelpful: 0 };
      if (good) bucket.helpful++;
      else bucket.notHelpful++;
      map.set(key, bucket);
    }
    if (good) continue;
    reasons.set(f.reason ?? 'none', (reasons.get(f.reason ?? 'none') ?? 0) + 1);
    for (const document of new Set(f.turn.citations.map((c) => c.location.replace(/#.*$/, '')))) {
      const title = f.turn.citations.find((c) => c.location.startsWith(document))?.title ?? document;
      const entry = docs.get(document) ?? { title, count: 0 };
      entry.count++;
      docs.set(document, entry);
    }
  }

  let turns = 0;
  const abstained: { question: string; signal: string }[] = [];
  for await (const t of iterateTurns(store, range)) {
    turns++;
    if (t.abstained && abstained.length < 20_000)
      abstained.push({ question: t.question, signal: 'abstained' });
  }

  const escalations = await store.escalations.list({ ...range, limit: 100_000 });
  const byStatus: Record<string, number> = {};
  const minutes: number[] = [];
  for (const e of escalations) {
    byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
    if (e.resolvedAt && e.status === 'resolved')
      minutes.push((e.resolvedAt.getTime() - e.createdAt.getTime()) / 60_000);
  }
  minutes.sort((a, b) => a - b);

  const total = helpful + notHelpful;
  return {
    range: {
      ...(range.since ? { since: range.since.toISOString() } : {}),
      ...(range.until ? { until: range.until.toISOString() } : {}),
    },
    totals: {
      ratings: total,
      helpful,
      notHelpful,
      helpfulRate: total ? helpful / total : null,
      turns,
      abstained: abstained.length,
    },
    byDay: toBuckets(withEmptyPeriods(days, range, DAY_MS, dayKey)),
    byWeek: toBuckets(withEmptyPeriods(weeks, range, 7 * DAY_MS, weekKey)),
    reasons: [...reasons]
      .map(([reason, count]) => ({ reason: reason as FeedbackReason | 'none', count }))
      .sort(
        (a, b) =>
          b.count - a.count ||
          FEEDBACK_REASONS.indexOf(a.reason as FeedbackReason) -
            FEEDBACK_REASONS.indexOf(b.reason as FeedbackReason),
      ),
    documentsInBadAnswers: [...docs]
      .map(([document, { title, count }]) => ({ document, title, count }))
      .sort((a, b) => b.count - a.count || a.document.localeCompare(b.document))
      .slice(0, 20),
    unanswered: groupQuestions(abstained, 30),
    escalations: {
      total: escalations.length,
      byStatus,
      resolved: minutes.length,
      medianMinutesToResolve: minutes.length ? round(median(minutes)) : null,
      meanMinutesToResolve: minutes.length
        ? round(minutes.reduce((a, b) => a + b, 0) / minutes.length)
        : null,
    },
  };
}

/**
 * Questions content owners should look at: abstained on, escalated to a person, or rated not
 * helpful, grouped by similarity with counts.
 */
export async function gapReport(store: Store, range: DateRange, maxGroups = 50): Promise<QuestionGroup[]> {
  const items: { question: string; signal: string }[] = [];
  for await (const t of iterateTurns(store, range)) {
    if (t.abstained) items.push({ question: t.question, signal: 'abstained' });
  }
  for await (const f of iterateFeedback(store, range)) {
    if (f.rating === 'not_helpful') items.push({ question: f.turn.question, signal: 'not_helpful' });
  }
  for (const e of await store.escalations.list({ ...range, limit: 100_000 })) {
    items.push({ question: e.question, signal: 'escalated' });
  }
  return groupQuestions(items, maxGroups);
}

/** Most empty periods added to a timeline, so a long range cannot build a huge chart. */
const MAX_PERIODS = 400;

/** Adds the periods of a closed range nobody rated in, so a chart's time axis has no gaps. */
function withEmptyPeriods(
  map: Map<string, { helpful: number; notHelpful: number }>,
  range: DateRange,
  stepMs: number,
  keyOf: (date: Date) => string,
) {
  if (!range.since || !range.until) return map;
  const filled = new Map(map);
  const start = new Date(keyOf(range.since)).getTime();
  for (let t = start, n = 0; t < range.until.getTime() && n < MAX_PERIODS; t += stepMs, n++) {
    const key = keyOf(new Date(t));
    if (!filled.has(key)) filled.set(key, { helpful: 0, notHelpful: 0 });
  }
  return filled;
}

function toBuckets(map: Map<string, { helpful: number; notHelpful: number }>): RatingBucket[] {
  return [...map]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([start, { helpful, notHelpful }]) => ({
      start,
      helpful,
      notHelpful,
      helpfulRate: helpful + notHelpful ? helpful / (helpful + notHelpful) : null,
    }));
}

function dayKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The Monday (UTC) starting the week of a date. */
function weekKey(date: Date): string {
  const day = Math.floor(date.getTime() / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
  const monday = day - ((day + 3) % 7);
  return new Date(monday * DAY_MS).toISOString().slice(0, 10);
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
