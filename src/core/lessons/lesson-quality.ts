import { MIN_GROUP_SIZE } from '../campaigns/campaign-report.js';
import type { Store } from '../ports.js';
import type { LessonCatalog } from './lesson-catalog.js';

/** How one lesson does across every learner: reach, scores, confidence and usefulness. */
export interface LessonQuality {
  lessonId: string;
  title: string;
  started: number;
  completed: number;
  /**
   * The figures below come from fewer than MIN_GROUP_SIZE learners when absent: they are
   * withheld so no one person's answers or ratings can be read off the report.
   */
  quizScore?: number;
  confidenceChange?: number;
  useful?: { yes: number; no: number };
  /** First-attempt accuracy per question (reviews excluded). */
  questions?: Array<{ question: number; text: string; answered: number; correct: number }>;
}

/** The quality report of every lesson, for the learning team. */
export async function lessonQualityReport(store: Store, catalog: LessonCatalog): Promise<LessonQuality[]> {
  const report: LessonQuality[] = [];
  for (const lesson of catalog.lessons) {
    const progress = await store.lessons.progressOn(lesson.id);
    const done = progress.filter((p) => p.completedAt);
    const row: LessonQuality = {
      lessonId: lesson.id,
      title: lesson.title,
      started: progress.length,
      completed: done.length,
    };
    if (done.length >= MIN_GROUP_SIZE) {
      const answered = done.reduce((n, p) => n + p.answered, 0);
      const withBoth = done.filter(
        (p) => p.confidenceBefore !== undefined && p.confidenceAfter !== undefined,
      );
      const answers = (await store.lessons.answersOn(lesson.id)).filter((a) => !a.review);
      Object.assign(row, {
        ...(answered > 0 ? { quizScore: done.reduce((n, p) => n + p.correct, 0) / answered } : {}),
        ...(withBoth.length > 0
          ? {
              confidenceChange:
                withBoth.reduce((n, p) => n + (p.confidenceAfter! - p.confidenceBefore!), 0) /
                withBoth.length,
            }
          : {}),
        useful: {
          yes: done.filter((p) => p.useful === true).length,
          no: done.filter((p) => p.useful === false).length,
        },
        questions: lesson.quiz.map((q, i) => {
          const mine = answers.filter((a) => a.question === i);
          return {
            question: i + 1,
            text: q.question,
            answered: mine.length,
            correct: mine.filter((a) => a.correct).length,
          };
        }),
      });
    }
    report.push(row);
  }
  return report;
}
