import { describe, expect, it } from 'vitest';
import { useLumenInBrowser } from '../helpers/browser.js';

const app = useLumenInBrowser();

describe('escalation in the web chat', () => {
  it('accepts the offer after an abstention, shows the answer, reopens, relays the reply and asks whether it helped', async () => {
    const page = await app.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.running.url);
    const box = page.getByLabel('Ask Lumen a question');
    const send = async (text: string) => {
      await box.fill(text);
      await box.press('Enter');
    };

    await send('Can I bring my dog to the office?');
    await page.locator('.message[data-kind="abstain"]').waitFor();
    await send('yes please');
    await page.locator('.message[data-kind="escalated"]').waitFor();

    const desk = app.running.lumen.copilot.escalations;
    const [escalation] = await desk.list('open');
    expect(escalation).toMatchObject({ question: 'Can I bring my dog to the office?', trigger: 'abstained' });
    await desk.answer(escalation!.id, 'Dogs are welcome on Fridays.', 'Dana');

    const answer = page.locator('.message[data-kind="escalation_answer"]');
    await answer.waitFor({ timeout: 15_000 });
    expect(await answer.innerText()).toContain('Dogs are welcome on Fridays.');
    await answer.getByRole('button', { name: 'I still need help' }).click();
    const reopened = page.locator('.message[data-kind="escalated"]').nth(1);
    await reopened.waitFor();
    expect(await reopened.innerText()).toContain('Tell me here what is still unclear');

    await send('Does that include the Lisbon office?');
    const relayed = page.locator('.message[data-kind="escalated"]').nth(2);
    await relayed.waitFor();
    expect(await relayed.innerText()).toContain('passed that on to Dana');
    const current = await desk.get(escalation!.id);
    expect(current.status).toBe('claimed');
    expect(current.transcript.at(-1)?.text).toBe('Does that include the Lisbon office?');

    await desk.answer(escalation!.id, 'Yes, Lisbon too.', 'Dana');
    await desk.resolve(escalation!.id, 'Dana');
    const helped = page.locator('.message[data-kind="notice"]').filter({ hasText: 'Did this help?' });
    await helped.waitFor({ timeout: 15_000 });
    await helped.getByRole('button', { name: 'Yes, it helped' }).click();
    await helped.locator('.feedback-ack').waitFor();
    expect((await desk.get(escalation!.id)).helped).toBe(true);
    expect(errors).toEqual([]);
  });
});
