import type { LessonCatalog } from '../lessons/lesson-catalog.js';
import type { LessonProgress } from '../lessons/lesson-ports.js';
import type { Store } from '../ports.js';
import type { Campaign, CampaignRecipient } from './campaign.js';

/** Groups smaller than this are not broken out, so nobody can be singled out. */
export const MIN_GROUP_SIZE = 5;

/** Funnel counts for a set of recipients. */
export interface Funnel {
  targeted: number;
  delivered: number;
  /** Pressed the nudge's Start button. */
  opened: number;
  started: number;
  completed: number;
}

export interface QuestionAccuracy {
  question: number;
  text: string;
  answered: number;
  correct: number;
}

/**
 * Where each recipient's delivery stands, counted one way for every surface: a nudge sent
 * with reminders still to come is delivered, not pending.
 */
export interface DeliveryCounts {
  /** At least one nudge sent. */
  delivered: number;
  /** Nothing sent yet: waiting for the start, the delivery window or a retry. */
  notYetSent: number;
  /** Sent, with a reminder still to come. */
  remindersDue: number;
  failed: number;
  skipped: number;
}

export function deliveryCounts(recipients: readonly CampaignRecipient[]): DeliveryCounts {
  const waiting = (r: CampaignRecipient) => r.state === 'pending' || r.state === 'sending';
  return {
    delivered: recipients.filter((r) => r.sentCount > 0).length,
    notYetSent: recipients.filter((r) => waiting(r) && r.sentCount === 0).length,
    remindersDue: recipients.filter((r) => waiting(r) && r.sentCount > 0).length,
    failed: recipients.filter((r) => r.state === 'failed').length,
    skipped: recipients.filter((r) => r.state === 'skipped').length,
  };
}

/** How a campaign went, in aggregate. */
export interface CampaignReport extends Funnel {
  campaignId: string;
  name: string;
  status: string;
  /** Recipients nothing has been sent to yet. */
  pending: number;
  /** Recipients sent a nudge, with a reminder still to come. */
  remindersDue: number;
  failed: number;
  optedOut: number;
  /** Share of quiz answers right among recipients who answered, 0..1. */
  quizScore?: number;
  /** Mean of (confidence after - confidence before) among those who gave both. */
  confidenceChange?: number;
  useful: { yes: number; no: number };
  questions: QuestionAccuracy[];
  /** Groups with at least MIN_GROUP_SIZE recipients; the rest are merged into "other groups" when that is big enough. */
  groups: Array<Funnel & { group: string }>;
}

/** Builds the report from recipients, their progress since the campaign began, and their answers. */
export async function campaignReport(
  store: Store,
  lessons: LessonCatalog,
  campaign: Campaign,
): Promise<CampaignReport> {
  const recipients = await store.campaigns.recipients(campaign.id);
  const ids = new Set(recipients.map((r) => r.userId));
  const since = campaign.createdAt.getTime();
  const progress = new Map<string, LessonProgress>();
  if (campaign.lessonId) {
    for (const p of await store.lessons.progressOn(campaign.lessonId)) {
      if (ids.has(p.userId) && p.startedAt.getTime() >= since) progress.set(p.userId, p);
    }
  }
  const delivered = new Set(recipients.filter((r) => r.sentCount > 0).map((r) => r.userId));
  const opened = new Set(recipients.filter((r) => r.openedAt).map((r) => r.userId));
  const funnel = (users: string[]): Funnel => ({
    targeted: users.length,
    delivered: users.filter((u) => delivered.has(u)).length,
    opened: users.filter((u) => opened.has(u)).length,
    started: users.filter((u) => progress.has(u)).length,
    completed: users.filter((u) => progress.get(u)?.completedAt).length,
  });

  let optedOut = 0;
  const groupsOf = new Map<string, string[]>();
  for (const r of recipients) {
    if ((await store.lessons.getControls(r.userId)).optedOut) optedOut++;
    const learner = await store.lessons.getLearner(r.userId);
    for (const g of learner?.groups ?? []) groupsOf.set(g, [...(groupsOf.get(g) ?? []), r.userId]);
  }
  const groups: CampaignReport['groups'] = [];
  const small = new Set<string>();
  for (const [group, users] of [...groupsOf].sort(([a], [b]) => a.localeCompare(b))) {
    if (users.length >= MIN_GROUP_SIZE) groups.push({ group, ...funnel(users) });
    else for (const u of users) small.add(u);
  }
  if (small.size >= MIN_GROUP_SIZE) groups.push({ group: 'other groups', ...funnel([...small]) });

  const done = [...progress.values()];
  const answered = done.reduce((n, p) => n + p.answered, 0);
  const correct = done.reduce((n, p) => n + p.correct, 0);
  const withBoth = done.filter((p) => p.confidenceBefore !== undefined && p.confidenceAfter !== undefined);
  const lesson = campaign.lessonId ? lessons.get(campaign.lessonId) : undefined;
  const answers = campaign.lessonId
    ? (await store.lessons.answersOn(campaign.lessonId)).filter(
        (a) => ids.has(a.userId) && !a.review && a.answeredAt.getTime() >= since,
      )
    : [];
  const questions = (lesson?.quiz ?? []).map((q, i) => {
    const mine = answers.filter((a) => a.question === i);
    return {
      question: i + 1,
      text: q.question,
      answered: mine.length,
      correct: mine.filter((a) => a.correct).length,
    };
  });

  return {
    campaignId: campaign.id,
    name: campaign.name,
    status: campaign.status,
    ...funnel([...ids]),
    pending: deliveryCounts(recipients).notYetSent,
    remindersDue: deliveryCounts(recipients).remindersDue,
    failed: deliveryCounts(recipients).failed,
    optedOut,
    ...(answered > 0 ? { quizScore: correct / answered } : {}),
    ...(withBoth.length > 0
      ? {
          confidenceChange:
            withBoth.reduce((n, p) => n + (p.confidenceAfter! - p.confidenceBefore!), 0) / withBoth.length,
        }
      : {}),
    useful: {
      yes: done.filter((p) => p.useful === true).length,
      no: done.filter((p) => p.useful === false).length,
    },
    questions,
    groups,
  };
}

function csvCell(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) || /^[=+\-@]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The report as CSV: one `section,item,metric,value` row per figure. */
export function reportToCsv(report: CampaignReport): string {
  const rows: Array<[string, string, string, string | number | undefined]> = [];
  const overall = 'campaign';
  for (const metric of [
    'targeted',
    'delivered',
    'opened',
    'started',
    'completed',
    'pending',
    'remindersDue',
    'failed',
    'optedOut',
  ] as const) {
    rows.push([overall, report.name, metric, report[metric]]);
  }
  rows.push([overall, report.name, 'quizScore', report.quizScore?.toFixed(3)]);
  rows.push([overall, report.name, 'confidenceChange', report.confidenceChange?.toFixed(2)]);
  rows.push([overall, report.name, 'usefulYes', report.useful.yes]);
  rows.push([overall, report.name, 'usefulNo', report.useful.no]);
  for (const q of report.questions) {
    rows.push(['question', `Q${q.question}: ${q.text}`, 'answered', q.answered]);
    rows.push(['question', `Q${q.question}: ${q.text}`, 'correct', q.correct]);
  }
  for (const g of report.groups) {
    for (const metric of ['targeted', 'delivered', 'opened', 'started', 'completed'] as const) {
      rows.push(['group', g.group, metric, g[metric]]);
    }
  }
  return `${['section,item,metric,value', ...rows.map((r) => r.map(csvCell).join(','))].join('\n')}\n`;
}
