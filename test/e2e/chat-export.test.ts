import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useLumenInBrowser } from '../helpers/browser.js';

const app = useLumenInBrowser({
  LUMEN_WEB_IDENTITY: 'demo',
  LUMEN_ADMINS: 'user:harper.quinn@brightwater.example',
});

describe('admin export in the web chat', () => {
  it('arrives as a file for an admin and is refused to everyone else', async () => {
    const context = await app.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(app.running.url);
    const box = page.getByLabel('Ask Lumen a question');

    await page.getByLabel('Demo persona').selectOption({ label: 'Alex Rivera (no groups)' });
    await box.fill('How do I reset my password?');
    await box.press('Enter');
    const answer = page.locator('.message[data-kind="answer"]').first();
    await answer.waitFor();
    await answer.getByRole('button', { name: 'Helpful', exact: true }).click();
    await answer.locator('.feedback-ack').waitFor();

    await box.fill('admin export csv');
    await box.press('Enter');
    const refused = page.locator('.message[data-kind="error"]');
    await refused.waitFor();
    expect(await refused.innerText()).toContain('only for Lumen admins');
    expect(await page.getByRole('link', { name: /^Download/ }).count()).toBe(0);

    await page.getByLabel('Demo persona').selectOption({ label: 'Harper Quinn (groups: hr, managers)' });
    await box.fill('admin export csv');
    await box.press('Enter');
    const link = page
      .locator('.message[data-kind="admin"]')
      .getByRole('link', { name: /^Download lumen-feedback-/ });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^lumen-feedback-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('How do I reset my password?');
    await context.close();
  });
});
