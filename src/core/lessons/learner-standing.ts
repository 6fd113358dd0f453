import type { Store } from '../ports.js';
import { plainReply } from '../replies.js';
import type { Reply } from '../reply.js';
import type { Turn } from '../turn.js';
import { isLessonFor, type Lesson } from './lesson.js';
import type { LessonCatalog } from './lesson-catalog.js';
import type { LessonProgress } from './lesson-ports.js';
import { continueAction } from './lesson-replies.js';
import { currentStreak } from './streak.js';

/** Where a learner stands: their progress, streak, the lessons meant for them and reviews due. */
export interface LearnerStanding {
  progress: LessonProgress[];
  completed: number;
  streak: number;
  available: Lesson[];
  reviewsDue: number;
}

export async function learnerStanding(
  store: Store,
  catalog: LessonCatalog,
  turn: Turn,
  now: Date,
): Promise<LearnerStanding> {
  const progress = await store.lessons.listProgress(turn.user.id);
  const done = progress.filter((p) => p.completedAt);
  const learner = await store.lessons.getLearner(turn.user.id);
  const streak = currentStreak(
    done.map((p) => p.completedAt!),
    now,
    learner?.timeZone ?? turn.timeZone,
  );
  const available = catalog.lessons.filter((l) => isLessonFor(l, turn.user.groups ?? []));
  const due = await store.lessons.dueCards(turn.user.id, now, 100);
  return { progress, completed: done.length, streak, available, reviewsDue: due.length };
}

function days(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`;
}

/** The end of a lesson: score, confidence change, streak, progress, and "was this useful?". */
export function completionReply(lesson: Lesson, p: LessonProgress, standing: LearnerStanding): Reply {
  const lines = [
    `🎉 **Lesson complete: ${lesson.title}**`,
    '',
    `- Quiz: ${p.correct} of ${p.answered} right`,
    ...(p.confidenceBefore && p.confidenceAfter
      ? [`- Confidence: ${p.confidenceBefore} → ${p.confidenceAfter}`]
      : []),
    `- Streak: ${days(standing.streak)}`,
    `- Progress: ${standing.completed} of ${standing.available.length} lessons`,
    '',
    'Was this lesson useful?',
  ];
  return plainReply('lesson', lines.join('\n'), {
    actions: [
      { label: 'Useful', payload: { name: 'lesson_feedback', lessonId: lesson.id, useful: true } },
      { label: 'Not useful', payload: { name: 'lesson_feedback', lessonId: lesson.id, useful: false } },
      continueAction('Next lesson'),
    ],
  });
}

/** `my progress`: every lesson meant for the learner, marked done, started or not yet. */
export function progressReply(standing: LearnerStanding): Reply {
  const { progress, available, reviewsDue } = standing;
  const lines = [
    `**Your progress:** ${standing.completed} of ${available.length} lessons completed · streak ${days(standing.streak)}`,
    '',
    ...available.map((l) => {
      const p = progress.find((x) => x.lessonId === l.id);
      const mark = p?.completedAt ? '✅' : p ? '▶️' : '▫️';
      return `${mark} ${l.title}`;
    }),
    ...(reviewsDue > 0 ? ['', `${reviewsDue} question${reviewsDue === 1 ? '' : 's'} to review.`] : []),
  ];
  return plainReply('lesson', lines.join('\n'), { actions: [continueAction('Continue learning')] });
}
