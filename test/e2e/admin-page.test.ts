import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startAdminApp } from '../helpers/admin-app.js';
import { launchChromium } from '../helpers/browser.js';
import { makeTurn } from '../helpers/builders.js';

let browser: Browser;
let app: Awaited<ReturnType<typeof startAdminApp>>;

beforeAll(async () => {
  app = await startAdminApp();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('admin page in a browser', () => {
  it('signs in, renders the chart, answers an escalation and downloads the export', async () => {
    const context = await browser.newContext({
      acceptDownloads: true,
      viewport: { width: 1200, height: 1000 },
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // The refused sign-in answers 401 on purpose; anything else is a fault.
      if (m.type() === 'error' && !m.text().includes('status of 401')) errors.push(m.text());
    });

    await page.goto(`${app.running.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.getByLabel('Admin token').fill('not-the-token-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('Sign-in failed');

    await page.getByLabel('Your name or email').fill('robin');
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Feedback over time' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin');

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'lumen_admin');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('lumen_admin');

    const chart = page.getByRole('img', { name: 'Helpful rate per day' });
    expect(await chart.isVisible()).toBe(true);
    const bars = chart.locator('rect.bar');
    expect(await bars.count()).toBe(1);
    expect(await bars.first().getAttribute('data-rate')).toBe('0.500');
    const box = await bars.first().boundingBox();
    expect(box?.height ?? 0).toBeGreaterThan(10);
    expect(await page.locator('#helpful-rate').innerText()).toBe('50%');
    expect(await page.locator('#reasons').innerText()).toContain('Outdated');
    expect(await page.locator('#unanswered').innerText()).toContain('Where can I park at the Lisbon office?');
    expect(await page.locator('#documents').innerText()).toContain('vpn.md');

    const row = page.locator(`tr[data-escalation="${app.escalationId}"]`);
    await row.getByRole('button', { name: 'Claim' }).click();
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').innerText()).toContain('claimed');
    await row.getByRole('textbox', { name: /^Answer to/ }).fill('Visitor parking is on level -2.');
    await row.getByRole('button', { name: 'Send answer' }).click();
    await page.getByText('Answer sent to the employee.').waitFor();
    expect((await app.running.lumen.copilot.escalations.get(app.escalationId)).status).toBe('answered');

    await row.getByRole('button', { name: 'Propose for knowledge' }).click();
    const proposal = page.locator('#curated tr').first();
    await proposal
      .getByRole('textbox', { name: /^Answer of/ })
      .fill('Visitor parking is on level -2; ask reception for a pass.');
    await proposal.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Curated answer approved').waitFor();
    const asked = await app.running.lumen.copilot.handle(
      makeTurn('Where can I park at the Lisbon office?', {
        user: { id: 'eve' },
        conversation: { id: 'c-eve', kind: 'direct' },
      }),
    );
    expect(asked.kind).toBe('answer');
    expect(asked.text).toContain('ask reception for a pass');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#export-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^lumen-feedback-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^feedback_id,/);
    expect(lines).toHaveLength(3);
    expect(csv).toContain('How do I connect to the VPN?');

    const [jsonl] = await Promise.all([page.waitForEvent('download'), page.locator('#export-jsonl').click()]);
    const records = (await readFile((await jsonl.path())!, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.map((r) => r.rating).sort()).toEqual(['helpful', 'not_helpful']);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto(`${app.running.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('looks like the chat, labels every field, previews in place and counts no anonymous visitors', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${app.running.url}/admin`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Training campaigns' }).waitFor();

    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLInputElement>('input:not([type=hidden]), select, textarea')]
        .filter((field) => !field.labels || field.labels.length === 0 || !field.labels[0]!.innerText.trim())
        .map((field) => field.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    const look = await page.evaluate(() => {
      const section = getComputedStyle(document.querySelector('section')!);
      const button = getComputedStyle(document.querySelector('button.primary, a.button.primary')!);
      const input = getComputedStyle(document.querySelector('input[name="name"]')!);
      return {
        sectionRadius: section.borderRadius,
        buttonRadius: button.borderRadius,
        buttonImage: button.backgroundImage,
        inputRadius: input.borderRadius,
      };
    });
    expect(look.sectionRadius).toBe('16px');
    expect(look.buttonRadius).toBe('999px');
    expect(look.buttonImage).toContain('linear-gradient');
    expect(look.inputRadius).toBe('10px');

    const previewAudience = async () => {
      await page.getByLabel('Name').fill('AI week');
      await page.getByRole('button', { name: 'Preview audience' }).scrollIntoViewIfNeeded();
      const url = page.url();
      const scrolled = await page.evaluate(() => window.scrollY);
      expect(scrolled).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Preview audience' }).click();
      const result = page.locator('#campaign-result');
      await result.filter({ hasText: 'Audience preview' }).waitFor();
      const text = await result.innerText();
      // No reload, no jump: the page stays where it was.
      expect(page.url()).toBe(url);
      expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
      // The result sits by the form's buttons, in view, with the form as it was filled in.
      const box = await result.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height).toBeLessThanOrEqual(900);
      expect(await page.getByLabel('Name').inputValue()).toBe('AI week');
      expect(await page.locator('main > p.notice').count()).toBe(0);
      return Number(/Audience preview: (\d+) people/.exec(text)?.[1]);
    };
    const before = await previewAudience();
    expect(before).toBeGreaterThan(0);

    // Someone tries the web chat without signing in.
    const visitor = await browser.newContext();
    const chat = await visitor.newPage();
    await chat.goto(app.running.url);
    await chat.getByLabel('Ask Lumen a question').fill('How do I connect to the VPN?');
    await chat.getByLabel('Ask Lumen a question').press('Enter');
    await chat.locator('.message[data-kind="answer"]').waitFor();
    await visitor.close();

    await page.goto(`${app.running.url}/admin`);
    expect(await previewAudience()).toBe(before);
    expect(errors).toEqual([]);
    await context.close();
  });
});
