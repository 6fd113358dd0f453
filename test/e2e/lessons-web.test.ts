import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CampaignDesk } from '../../src/core/campaigns/campaign-desk.js';
import { CampaignRunner } from '../../src/core/campaigns/campaign-runner.js';
import { useLumenInBrowser } from '../helpers/browser.js';

// Campaigns reach people, not anonymous browser sessions: the learner is a demo persona.
const app = useLumenInBrowser({ LUMEN_INGEST_ON_START: 'false', LUMEN_WEB_IDENTITY: 'demo' });

/** The newest assistant message of a kind. */
function latest(page: Page, kind: string): Locator {
  return page.locator(`.message[data-kind="${kind}"]`).last();
}

async function press(message: Locator, name: string): Promise<void> {
  await message.getByRole('button', { name, exact: true }).click();
}

describe('lessons in the web chat', () => {
  it('takes a lesson with quiz buttons, feedback and confidence, then receives a campaign nudge', async () => {
    const lesson = app.running.lumen.lessons.get('what-generative-ai-is')!;
    const right = lesson.quiz.map((q) => 'ABCDE'[q.choices.findIndex((c) => c.correct)]!);
    const wrong = lesson.quiz.map(
      (q) => 'ABCDE'[(q.choices.findIndex((c) => c.correct) + 1) % q.choices.length]!,
    );

    const page = await app.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(app.running.url);
    await page.getByLabel('Demo persona').selectOption({ label: 'Alex Rivera (no groups)' });
    const box = page.getByLabel('Ask Lumen a question');
    await box.fill('lesson');
    await box.press('Enter');

    const start = latest(page, 'lesson');
    await start.getByText('how confident do you feel').waitFor();
    await press(start, '3');
    await page.getByText('(1/2)').waitFor();
    await press(latest(page, 'lesson'), 'Next');
    await page.getByText('(2/2)').waitFor();
    await press(latest(page, 'lesson'), 'Start the quiz');

    const q1 = latest(page, 'quiz');
    await q1.getByText('question 1 of 2').waitFor();
    expect(await q1.getByRole('button').allInnerTexts()).toEqual(['A', 'B', 'C']);
    await press(q1, right[0]!);
    const fb1 = latest(page, 'quiz_feedback');
    await fb1.getByText('Correct.').waitFor();
    // One answer per question: the chosen button stays pressed and the others are disabled.
    expect(await q1.getByRole('button', { name: right[0]!, exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    for (const name of ['A', 'B', 'C']) {
      expect(await q1.getByRole('button', { name, exact: true }).isDisabled()).toBe(true);
    }
    await press(fb1, 'Next question');

    const q2 = latest(page, 'quiz');
    await q2.getByText('question 2 of 2').waitFor();
    await press(q2, wrong[1]!);
    const fb2 = latest(page, 'quiz_feedback');
    await fb2.getByText('Not quite.').waitFor();
    expect(await fb2.innerText()).toContain(lesson.quiz[1]!.choices.find((c) => c.correct)!.explanation);
    await press(fb2, 'Finish');

    await page.getByText('how confident do you feel about this topic now').waitFor();
    await press(latest(page, 'lesson'), '5');
    const done = latest(page, 'lesson');
    await done.getByText('Lesson complete').waitFor();
    expect(await done.innerText()).toContain('Quiz: 1 of 2 right');
    expect(await done.innerText()).toContain('Confidence: 3 → 5');
    await press(done, 'Useful');
    await done.locator('.feedback-ack').waitFor();

    // L&D sends a campaign; the nudge reaches this browser conversation through the outbox.
    const { lumen } = app.running;
    const desk = new CampaignDesk(lumen.store, lumen.lessons, lumen.messenger, lumen.clock);
    await desk.create({
      name: 'Safety week',
      lessonId: 'hallucinations',
      audience: 'everyone',
      window: { start: 0, end: 24 * 60, quietStart: 0, quietEnd: 0, skipWeekends: false },
      createdBy: 'Learning team',
    });
    const runner = new CampaignRunner(
      { store: lumen.store, messenger: lumen.messenger, lessons: lumen.lessons, clock: lumen.clock },
      { perSecond: 100 },
    );
    expect(await runner.runDue()).toMatchObject({ sent: 1 });
    const nudge = latest(page, 'nudge');
    await nudge.waitFor({ timeout: 15_000 });
    expect(await nudge.innerText()).toContain('Hallucinations, and how to spot them');
    await press(nudge, 'Why am I getting this?');
    await page.getByText('This nudge is part of').waitFor();
    expect(await latest(page, 'notice').innerText()).toContain('Learning team');
    await press(nudge, 'Start lesson');
    await page.getByText('Hallucinations, and how to spot them · about 3 min').waitFor();

    expect(errors).toEqual([]);
    await page.close();
  });
});
