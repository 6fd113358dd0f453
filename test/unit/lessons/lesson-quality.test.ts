import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_LESSONS_DIR } from '../../../src/config/index.js';
import { loadLessonCatalog } from '../../../src/core/lessons/lesson-catalog.js';
import { lessonQualityReport } from '../../../src/core/lessons/lesson-quality.js';
import type { ActionPayload } from '../../../src/core/reply.js';
import { createTestCore, makeAction, type TestCore } from '../../helpers/builders.js';

const catalog = loadLessonCatalog([BUILT_IN_LESSONS_DIR]);
const LESSON = 'what-generative-ai-is';

/** One learner takes the first lesson, missing the questions listed, and rates it. */
async function complete(core: TestCore, userId: string, miss: number[], useful: boolean) {
  const lesson = catalog.get(LESSON)!;
  const act = (action: ActionPayload) =>
    core.copilot.handle(makeAction(action, { user: { id: userId, groups: [] } }));
  await act({ name: 'lesson_start', lessonId: LESSON });
  await act({ name: 'confidence', lessonId: LESSON, stage: 'before', value: 2 });
  for (let s = 1; s <= lesson.screens.length; s++)
    await act({ name: 'lesson_next', lessonId: LESSON, screen: s });
  for (const [q, question] of lesson.quiz.entries()) {
    const right = question.choices.findIndex((c) => c.correct);
    const choice = miss.includes(q) ? (right + 1) % question.choices.length : right;
    await act({ name: 'quiz_answer', lessonId: LESSON, question: q, choice });
  }
  await act({ name: 'confidence', lessonId: LESSON, stage: 'after', value: 3 });
  await act({ name: 'lesson_feedback', lessonId: LESSON, useful });
}

describe('lessonQualityReport', () => {
  let core: TestCore;
  beforeEach(async () => {
    core = await createTestCore();
  });
  afterEach(async () => core.close());

  it('withholds scores and ratings until five people completed a lesson', async () => {
    for (let i = 0; i < 4; i++) await complete(core, `u${i}`, [], true);
    const [first] = await lessonQualityReport(core.store, catalog);
    expect(first).toEqual({ lessonId: LESSON, title: catalog.get(LESSON)!.title, started: 4, completed: 4 });
  });

  it('reports score, confidence change, usefulness and first-attempt accuracy per question', async () => {
    for (let i = 0; i < 4; i++) await complete(core, `u${i}`, [], true);
    await complete(core, 'u4', [0, 1], false);
    const report = await lessonQualityReport(core.store, catalog);
    expect(report[0]).toMatchObject({
      started: 5,
      completed: 5,
      quizScore: 8 / 10,
      confidenceChange: 1,
      useful: { yes: 4, no: 1 },
      questions: [
        { question: 1, answered: 5, correct: 4 },
        { question: 2, answered: 5, correct: 4 },
      ],
    });
    expect(report[1]).toMatchObject({ lessonId: 'how-lumen-answers', started: 0, completed: 0 });
    expect(report).toHaveLength(catalog.lessons.length);
  });
});
