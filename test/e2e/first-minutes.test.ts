import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useLumenInBrowser } from '../helpers/browser.js';

/** What a new user meets in the web chat, each checked as they would see it. */
const app = useLumenInBrowser({ LUMEN_WEB_IDENTITY: 'demo', LUMEN_RATE_LIMIT_PER_MINUTE: '4' });

async function openChat(): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await app.browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(app.running.url);
  await page.getByRole('heading', { name: 'How can I help today?' }).waitFor();
  return { page, errors, close: () => context.close() };
}

async function ask(page: Page, question: string): Promise<void> {
  const box = page.getByLabel('Ask Lumen a question');
  await box.fill(question);
  await box.press('Enter');
}

/** The last settled message (not the typing placeholder). */
const lastReply = (page: Page) => page.locator('.message[data-kind]:not([data-kind="pending"])').last();

describe('the first minutes in the web chat', () => {
  it('offers example questions from the knowledge base, and one click asks it', async () => {
    const { page, errors, close } = await openChat();
    const examples = page.getByRole('region', { name: 'Try asking' });
    await examples.getByRole('button').first().waitFor();
    const offered = await examples.getByRole('button').allInnerTexts();
    expect(offered.length).toBeGreaterThanOrEqual(3);
    for (const question of offered) expect(question).toMatch(/\?$/);
    // Drawn from the sample FAQ, not a fixed list in the page.
    const faq = await page.request.get(new URL('/knowledge/faq/employee-faq.md', app.running.url).toString());
    const faqText = await faq.text();
    for (const question of offered) expect(faqText).toContain(question);

    await examples.getByRole('button').first().click();
    const answer = page.locator('.message[data-kind="answer"]');
    await answer.waitFor();
    expect(await page.locator('.message-user').innerText()).toBe(offered[0]);
    expect(await page.getByRole('region', { name: 'Try asking' }).isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await close();
  });

  it('renders emphasis instead of showing asterisks', async () => {
    const { page, errors, close } = await openChat();
    await ask(page, 'help');
    const help = page.locator('.message[data-kind="help"]');
    await help.waitFor();
    expect(await help.locator('em').first().innerText()).toBe('How many days of parental leave do I get?');
    expect(await help.locator('strong').first().innerText()).toBe('Lumen');
    expect(await help.locator('.content').innerText()).not.toContain('*');
    expect(errors).toEqual([]);
    await close();
  });

  it('shows every group of a demo persona', async () => {
    const { page, close } = await openChat();
    const options = await page.getByLabel('Demo persona').locator('option').allInnerTexts();
    expect(options).toContain('Harper Quinn (groups: hr, managers)');
    expect(options).toContain('Morgan Lee (groups: managers)');
    expect(options).toContain('Alex Rivera (no groups)');
    await close();
  });

  it('thanks for a rating next to the rated answer, not under later messages', async () => {
    const { page, errors, close } = await openChat();
    await ask(page, 'How do I reset my password?');
    const first = page.locator('.message[data-kind="answer"]').first();
    await first.waitFor();
    await ask(page, 'When is payday?');
    await page.locator('.message[data-kind="answer"]').nth(1).waitFor();
    const count = await page.locator('.message').count();

    await first.getByRole('button', { name: 'Helpful', exact: true }).click();
    const thanks = first.locator('.feedback-ack');
    await thanks.waitFor();
    expect(await thanks.innerText()).toMatch(/thank/i);
    expect(await page.locator('.message').count()).toBe(count);
    expect(
      await first.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    expect(errors).toEqual([]);
    await close();
  });

  it('offers Ask a person on an abstention, and hands one question over once however it is asked', async () => {
    const { page, errors, close } = await openChat();
    await ask(page, 'What is the company stock price today?');
    const abstain = page.locator('.message[data-kind="abstain"]');
    await abstain.waitFor();
    expect(await abstain.getByRole('button', { name: /helpful/i }).count()).toBe(0);
    const offer = abstain.getByRole('button', { name: 'Ask a person' });
    expect(await offer.isVisible()).toBe(true);

    const before = (await app.running.lumen.copilot.escalations.list()).length;
    await ask(page, 'talk to a human');
    await lastReply(page).filter({ hasText: "I've passed your question to a person" }).waitFor();
    // The question is with a person: its button no longer offers a second hand-off.
    await expect.poll(() => offer.isDisabled()).toBe(true);
    await ask(page, 'talk to a human');
    await lastReply(page).filter({ hasText: 'already with a person' }).waitFor();
    expect((await app.running.lumen.copilot.escalations.list()).length).toBe(before + 1);
    expect(errors).toEqual([]);
    await close();
  });

  it("shows a person's answer within a few seconds of it being sent", async () => {
    const { page, errors, close } = await openChat();
    await ask(page, 'Can I bring my dog to the office?');
    await page.locator('.message[data-kind="abstain"]').waitFor();
    await page.getByRole('button', { name: 'Ask a person' }).click();
    await page.locator('.message[data-kind="escalated"]').waitFor();
    const desk = app.running.lumen.copilot.escalations;
    const escalation = (await desk.list('open')).find(
      (e) => e.question === 'Can I bring my dog to the office?',
    );
    expect(escalation).toBeDefined();
    // Let the page settle into waiting, as a reader would be.
    await page.waitForTimeout(2_000);
    const sent = Date.now();
    await desk.answer(
      escalation!.id,
      'Dogs are welcome on *Fridays*. <img src="x" onerror="window.pwned = 1">',
      'Dana',
    );
    const human = page.locator('.message[data-kind="escalation_answer"]');
    await human.waitFor({ timeout: 10_000 });
    expect(Date.now() - sent).toBeLessThan(3_000);
    // Markdown is rendered; HTML a person typed is shown as text, never run.
    expect(await human.locator('.content em').innerText()).toBe('Fridays');
    expect(await human.locator('.content img').count()).toBe(0);
    expect(await human.locator('.content').innerText()).toContain('<img src="x"');
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    await close();
  });

  it('keeps a question it would not take in the box and says why', async () => {
    const { page, errors, close } = await openChat();
    const box = page.getByLabel('Ask Lumen a question');
    for (let i = 1; i <= 4; i++) {
      await ask(page, 'When is payday?');
      await expect.poll(() => page.locator('.message[data-kind="answer"]').count()).toBe(i);
    }
    const messages = await page.locator('.message').count();
    await ask(page, 'Where do I find my payslip?');
    const alert = page.getByRole('alert').filter({ hasText: "I didn't take that question" });
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/send it again in \d+ seconds/);
    expect(await box.inputValue()).toBe('Where do I find my payslip?');
    expect(await page.locator('.message').count()).toBe(messages);
    expect(errors).toEqual([]);
    await close();
  });
});
