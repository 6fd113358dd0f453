import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_LESSONS_DIR } from '../../../src/config/index.js';
import { loadLessonCatalog } from '../../../src/core/lessons/lesson-catalog.js';
import type { Reply } from '../../../src/core/reply.js';
import { createTestCore, makeAction, makeTurn, type TestCore } from '../../helpers/builders.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function payloads(reply: Reply) {
  return reply.actions.map((a) => a.payload);
}

function correctChoice(lessonId: string, question: number): number {
  return loadLesson(lessonId).quiz[question]!.choices.findIndex((c) => c.correct);
}

const catalog = loadLessonCatalog([BUILT_IN_LESSONS_DIR]);
function loadLesson(id: string) {
  const lesson = catalog.get(id);
  if (!lesson) throw new Error(`no lesson ${id}`);
  return lesson;
}

/** Takes a whole lesson through the core, answering right unless told which questions to miss. */
async function takeLesson(core: TestCore, options: { miss?: number[]; user?: string } = {}) {
  const user = { id: options.user ?? 'u-1', name: 'Alex', groups: [] as string[] };
  const at = () => ({ user, receivedAt: core.clock.now() });
  let reply = await core.copilot.handle(makeTurn('lesson', at()));
  const first = payloads(reply)[0];
  if (first?.name !== 'confidence') throw new Error(`expected a confidence check, got ${reply.text}`);
  const lessonId = first.lessonId;
  const lesson = loadLesson(lessonId);
  reply = await core.copilot.handle(
    makeAction({ name: 'confidence', lessonId, stage: 'before', value: 2 }, at()),
  );
  for (let screen = 1; screen <= lesson.screens.length; screen++) {
    reply = await core.copilot.handle(makeAction({ name: 'lesson_next', lessonId, screen }, at()));
  }
  const feedback: Reply[] = [];
  for (let q = 0; q < lesson.quiz.length; q++) {
    expect(reply.kind).toBe('quiz');
    const right = correctChoice(lessonId, q);
    const choice = options.miss?.includes(q) ? (right + 1) % lesson.quiz[q]!.choices.length : right;
    const answer = await core.copilot.handle(
      makeAction({ name: 'quiz_answer', lessonId, question: q, choice }, at()),
    );
    feedback.push(answer);
    reply = await core.copilot.handle(makeAction({ name: 'lesson_start', lessonId }, at()));
  }
  expect(payloads(reply)[0]).toMatchObject({ name: 'confidence', stage: 'after' });
  const done = await core.copilot.handle(
    makeAction({ name: 'confidence', lessonId, stage: 'after', value: 4 }, at()),
  );
  return { lessonId, lesson, feedback, done };
}

describe('lesson flow through the core', () => {
  let core: TestCore;
  beforeEach(async () => {
    core = await createTestCore();
  });
  afterEach(async () => core.close());

  describe('handle("lesson")', () => {
    it('starts the first lesson with a confidence check from 1 to 5', async () => {
      const reply = await core.copilot.handle(makeTurn('lesson'));
      expect(reply.kind).toBe('lesson');
      expect(reply.text).toContain('What generative AI is');
      expect(reply.actions.map((a) => a.label)).toEqual(['1', '2', '3', '4', '5']);
    });

    it('shows screens with Next, then quiz choices as buttons', async () => {
      await core.copilot.handle(makeTurn('lesson'));
      const lessonId = 'what-generative-ai-is';
      const screen = await core.copilot.handle(
        makeAction({ name: 'confidence', lessonId, stage: 'before', value: 3 }),
      );
      expect(screen.text).toContain('(1/2)');
      expect(screen.actions[0]).toMatchObject({ label: 'Next', payload: { name: 'lesson_next', screen: 1 } });
      const second = await core.copilot.handle(makeAction({ name: 'lesson_next', lessonId, screen: 1 }));
      expect(second.actions[0]!.label).toBe('Start the quiz');
      const quiz = await core.copilot.handle(makeAction({ name: 'lesson_next', lessonId, screen: 2 }));
      expect(quiz.kind).toBe('quiz');
      expect(quiz.actions.map((a) => a.label)).toEqual(['A', 'B', 'C']);
      expect(payloads(quiz)[1]).toEqual({ name: 'quiz_answer', lessonId, question: 0, choice: 1 });
    });

    it('resumes where the learner stopped, and an old Next button does not skip ahead', async () => {
      await core.copilot.handle(makeTurn('lesson'));
      const lessonId = 'what-generative-ai-is';
      await core.copilot.handle(makeAction({ name: 'confidence', lessonId, stage: 'before', value: 3 }));
      await core.copilot.handle(makeAction({ name: 'lesson_next', lessonId, screen: 1 }));
      const again = await core.copilot.handle(makeAction({ name: 'lesson_next', lessonId, screen: 1 }));
      expect(again.text).toContain('(2/2)');
      const resumed = await core.copilot.handle(makeTurn('lesson'));
      expect(resumed.text).toContain('(2/2)');
    });
  });

  describe('quiz answers', () => {
    it('gives immediate feedback with the explanation of the chosen and the right choice', async () => {
      const { feedback, lesson } = await takeLesson(core, { miss: [0] });
      const q0 = lesson.quiz[0]!;
      const right = q0.choices.find((c) => c.correct)!;
      expect(feedback[0]!.kind).toBe('quiz_feedback');
      expect(feedback[0]!.text).toContain('Not quite');
      expect(feedback[0]!.text).toContain(right.explanation);
      expect(feedback[1]!.text).toContain('Correct');
    });

    it('completes the lesson with score, confidence change, streak and a usefulness question', async () => {
      const { done, lessonId } = await takeLesson(core, { miss: [1] });
      expect(done.text).toContain('Lesson complete');
      expect(done.text).toContain('Quiz: 1 of 2 right');
      expect(done.text).toContain('Confidence: 2 → 4');
      expect(done.text).toContain('Streak: 1 day');
      expect(done.text).toMatch(/Progress: 1 of \d+ lessons/);
      const useful = await core.copilot.handle(
        makeAction({ name: 'lesson_feedback', lessonId, useful: true }),
      );
      expect(useful.kind).toBe('feedback_thanks');
      const progress = await core.store.lessons.getProgress('u-1', lessonId);
      expect(progress).toMatchObject({
        step: 'completed',
        correct: 1,
        answered: 2,
        confidenceBefore: 2,
        confidenceAfter: 4,
        useful: true,
      });
    });

    it('counts a streak over consecutive days', async () => {
      await takeLesson(core);
      core.clock.advance(DAY);
      const { done } = await takeLesson(core);
      expect(done.text).toContain('Streak: 2 days');
    });

    it('keeps a completed lesson completed when it is started again', async () => {
      const { lessonId } = await takeLesson(core);
      const again = await core.copilot.handle(makeAction({ name: 'lesson_start', lessonId }));
      expect(again.text).toContain("You've already completed");
      expect((await core.store.lessons.getProgress('u-1', lessonId))?.step).toBe('completed');
    });

    it('moves on to the next lesson whose prerequisites are complete', async () => {
      await takeLesson(core);
      const next = await core.copilot.handle(makeTurn('lesson', { receivedAt: core.clock.now() }));
      expect(payloads(next)[0]).toMatchObject({ lessonId: 'how-lumen-answers' });
    });
  });

  describe('role tracks', () => {
    it('offers the managers lesson only to managers', async () => {
      const all = catalog.lessons.filter((l) => l.audience.includes('everyone'));
      const managerLesson = catalog.get('managers-ai-and-your-team')!;
      expect(all.find((l) => l.id === managerLesson.id)).toBeUndefined();
      const manager = { id: 'm-1', name: 'Mia', groups: ['managers'] };
      const employee = { id: 'e-1', name: 'Eli', groups: [] };
      const forManager = await core.copilot.handle(
        makeAction({ name: 'lesson_start', lessonId: managerLesson.id }, { user: manager }),
      );
      // Prerequisites still apply to a named lesson.
      expect(forManager.text).toContain('builds on');
      const progress = await core.copilot.handle(makeTurn('my progress', { user: employee }));
      expect(progress.text).not.toContain(managerLesson.title);
      const managerProgress = await core.copilot.handle(makeTurn('my progress', { user: manager }));
      expect(managerProgress.text).toContain(managerLesson.title);
    });

    it('does not start a lesson by id for someone outside its audience, nor say it exists', async () => {
      const managerLesson = catalog.get('managers-ai-and-your-team')!;
      const employee = { id: 'e-2', name: 'Eve', groups: ['engineering'] };
      for (const action of [
        { name: 'lesson_start' as const, lessonId: managerLesson.id },
        { name: 'lesson_next' as const, lessonId: managerLesson.id, screen: 1 },
      ]) {
        const reply = await core.copilot.handle(makeAction(action, { user: employee }));
        expect(reply.text).not.toContain(managerLesson.title);
        expect(reply.text).not.toContain(managerLesson.screens[0]!.slice(0, 40));
      }
      const started = await core.copilot.handle(
        makeAction({ name: 'lesson_start', lessonId: managerLesson.id }, { user: employee }),
      );
      expect(started.text).toContain("I couldn't find that lesson");
      expect(await core.store.lessons.getProgress(employee.id, managerLesson.id)).toBeUndefined();
    });
  });

  describe('spaced repetition', () => {
    it('brings a missed question back at the start of a later session, scheduled by FSRS', async () => {
      const { lessonId } = await takeLesson(core, { miss: [0] });
      const card = await core.store.lessons.getCard('u-1', lessonId, 0);
      expect(card).toBeDefined();
      expect(await core.store.lessons.getCard('u-1', lessonId, 1)).toBeUndefined();
      expect(card!.due.getTime()).toBeGreaterThan(core.clock.now().getTime());
      expect(card!.due.getTime() - core.clock.now().getTime()).toBe(DAY);

      // Later the same day the next lesson comes first; the next day the review does.
      const sameDay = await core.copilot.handle(makeTurn('lesson', { receivedAt: core.clock.now() }));
      expect(payloads(sameDay)[0]).toMatchObject({ name: 'confidence', lessonId: 'how-lumen-answers' });
      core.clock.advance(DAY + HOUR);
      const review = await core.copilot.handle(makeTurn('lesson', { receivedAt: core.clock.now() }));
      expect(review.kind).toBe('quiz');
      expect(review.text).toContain('Quick review');
      expect(payloads(review)[0]).toMatchObject({ lessonId, question: 0, review: true });

      const right = loadLesson(lessonId).quiz[0]!.choices.findIndex((c) => c.correct);
      const answered = await core.copilot.handle(
        makeAction({ name: 'quiz_answer', lessonId, question: 0, choice: right, review: true }),
      );
      expect(answered.text).toContain('Correct');
      const rescheduled = await core.store.lessons.getCard('u-1', lessonId, 0);
      expect(rescheduled!.due.getTime()).toBeGreaterThan(card!.due.getTime());

      const afterReview = await core.copilot.handle(makeTurn('lesson', { receivedAt: core.clock.now() }));
      expect(afterReview.kind).toBe('lesson');
      expect(payloads(afterReview)[0]).toMatchObject({ name: 'confidence', lessonId: 'how-lumen-answers' });

      // The old review button no longer counts once the question is rescheduled.
      const answers = (await core.store.lessons.answersOn(lessonId)).length;
      const stale = await core.copilot.handle(
        makeAction({ name: 'quiz_answer', lessonId, question: 0, choice: (right + 1) % 3, review: true }),
      );
      expect(stale.kind).toBe('lesson');
      expect(await core.store.lessons.answersOn(lessonId)).toHaveLength(answers);
    });

    it('spaces reviews further apart each time the question is answered right', async () => {
      const { lessonId } = await takeLesson(core, { miss: [0] });
      const right = loadLesson(lessonId).quiz[0]!.choices.findIndex((c) => c.correct);
      const gaps: number[] = [];
      for (let i = 0; i < 4; i++) {
        const before = await core.store.lessons.getCard('u-1', lessonId, 0);
        core.clock.advance(before!.due.getTime() - core.clock.now().getTime() + 1000);
        await core.copilot.handle(
          makeAction({ name: 'quiz_answer', lessonId, question: 0, choice: right, review: true }),
        );
        const after = await core.store.lessons.getCard('u-1', lessonId, 0);
        gaps.push(after!.due.getTime() - core.clock.now().getTime());
      }
      for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1]!);
      expect(gaps.at(-1)).toBeGreaterThan(DAY);
    });
  });

  describe('learner controls', () => {
    it('pauses, opts out and resumes nudges', async () => {
      await core.copilot.handle(makeTurn('pause nudges'));
      const paused = await core.store.lessons.getControls('u-1');
      expect(paused.pausedUntil!.getTime()).toBeGreaterThan(core.clock.now().getTime() + 29 * DAY);
      await core.copilot.handle(makeAction({ name: 'nudge_control', control: 'opt_out' }));
      expect((await core.store.lessons.getControls('u-1')).optedOut).toBe(true);
      await core.copilot.handle(makeTurn('resume nudges'));
      expect(await core.store.lessons.getControls('u-1')).toEqual({ userId: 'u-1', optedOut: false });
    });

    it('keeps a lesson private to the learner when started in a shared channel', async () => {
      const reply = await core.copilot.handle(
        makeTurn('/lumen lesson', { conversation: { id: 'c-team', kind: 'channel' } }),
      );
      expect(reply.kind).toBe('lesson');
      expect(reply.visibility).toBe('asker');
      const direct = await core.copilot.handle(makeTurn('lesson'));
      expect(direct.visibility).toBe('conversation');
    });

    it('writes an unchanged learner at most hourly, and a change at once', async () => {
      const seen = async () => (await core.store.lessons.getLearner('u-1'))!;
      const first = core.clock.now();
      await core.copilot.handle(makeTurn('hello', { timeZone: 'Europe/Lisbon', receivedAt: first }));
      core.clock.advance(10 * 60_000);
      await core.copilot.handle(makeTurn('hello', { timeZone: 'Europe/Lisbon' }));
      expect((await seen()).lastSeenAt).toEqual(first);
      await core.copilot.handle(makeTurn('hello', { timeZone: 'Asia/Tokyo' }));
      expect(await seen()).toMatchObject({ timeZone: 'Asia/Tokyo', lastSeenAt: core.clock.now() });
      core.clock.advance(HOUR);
      await core.copilot.handle(makeTurn('hello', { timeZone: 'Asia/Tokyo' }));
      expect((await seen()).lastSeenAt).toEqual(core.clock.now());
    });

    it('ignores a time zone the runtime does not know', async () => {
      await core.copilot.handle(makeTurn('hello', { timeZone: 'Mars/Olympus_Mons' }));
      expect(await core.store.lessons.getLearner('u-1')).not.toHaveProperty('timeZone');
    });

    it('records everyone who talks to Lumen as a learner with their time zone', async () => {
      await core.copilot.handle(makeTurn('hello', { timeZone: 'Europe/Lisbon' }));
      expect(await core.store.lessons.getLearner('u-1')).toMatchObject({
        channel: 'web',
        timeZone: 'Europe/Lisbon',
        conversationKey: 'web::conv-1:',
      });
    });
  });
});
