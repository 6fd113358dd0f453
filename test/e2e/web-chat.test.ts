import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLumen } from '../../src/app/start-lumen.js';
import { loadConfig } from '../../src/config/index.js';
import { launchChromium } from '../helpers/browser.js';

const SCREENSHOT = '/tmp/lumen-web.png';
const KNOWLEDGE_DIR = resolve(import.meta.dirname, '../../samples/knowledge');

type RunningLumen = Awaited<ReturnType<typeof startLumen>>;

let browser: Browser;
const dataDirs: string[] = [];
const servers: RunningLumen[] = [];

/** Starts the real application on a free port with a fresh data directory, and waits until it is ready. */
async function startApp(identity: 'anonymous' | 'demo'): Promise<RunningLumen> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lumen-e2e-'));
  dataDirs.push(dataDir);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LUMEN_DATA_DIR: dataDir,
    LUMEN_KNOWLEDGE_DIR: KNOWLEDGE_DIR,
    LUMEN_WEB_IDENTITY: identity,
  });
  const running = await startLumen(config);
  servers.push(running);
  await running.ready;
  return running;
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
});

/** Types a question in the composer and submits it with Enter, as a person would. */
async function ask(page: Page, question: string): Promise<void> {
  const box = page.getByLabel('Ask Lumen a question');
  await box.fill(question);
  await box.press('Enter');
}

describe('web chat', () => {
  let lumen: RunningLumen;

  beforeAll(async () => {
    lumen = await startApp('anonymous');
  });

  it('answers with sources, takes feedback, hands over to a person and abstains', async () => {
    const context = await browser.newContext({
      viewport: { width: 1100, height: 900 },
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(lumen.url);
    await expect.poll(() => page.getByRole('heading', { name: 'Lumen', level: 1 }).isVisible()).toBe(true);

    await ask(page, 'How do I reset my password?');
    const answer = page.locator('.message[data-kind="answer"]');
    const sources = answer.getByRole('region', { name: 'Sources' });
    await sources.waitFor();
    expect(await answer.locator('.content').innerText()).toMatch(/password/i);
    expect(await answer.getByText('Quoted from sources').isVisible()).toBe(true);
    expect(await answer.getByText('AI-generated').count()).toBe(0);
    expect(await answer.locator('sup.cite a').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('Ask Lumen a question').inputValue()).toBe('');

    const sourceLink = sources.getByRole('link').first();
    const href = await sourceLink.getAttribute('href');
    expect(href).toMatch(/^\/knowledge\/.+/);
    expect(await sourceLink.getAttribute('target')).toBe('_blank');
    const [tab] = await Promise.all([context.waitForEvent('page'), sourceLink.click()]);
    await tab.waitForLoadState();
    expect(await tab.locator('body').innerText()).toMatch(/password/i);
    const served = await page.request.get(new URL(href!, lumen.url).toString());
    expect(served.status()).toBe(200);
    await tab.close();

    await answer.getByRole('button', { name: 'Not helpful' }).click();
    await answer.getByLabel('What was wrong?').selectOption('outdated');
    await answer.getByLabel('Comment (optional)').fill('The MFA section mentions an old app.');
    await answer.getByRole('button', { name: 'Send feedback' }).click();
    const thanks = answer.locator('.feedback-ack');
    await thanks.waitFor();
    expect(await thanks.innerText()).toMatch(/thank/i);
    expect(await answer.getByRole('button', { name: 'Not helpful' }).getAttribute('aria-pressed')).toBe(
      'true',
    );

    await answer.getByRole('button', { name: 'Talk to a human' }).click();
    const handOver = page.locator('.message[data-kind="escalated"]');
    await handOver.waitFor();
    expect(await handOver.innerText()).toMatch(/person/i);
    expect(await answer.getByRole('button', { name: 'Talk to a human' }).isDisabled()).toBe(true);

    const [open] = await lumen.lumen.copilot.escalations.list('open');
    expect(open?.question).toBe('How do I reset my password?');
    await lumen.lumen.copilot.escalations.answer(
      open!.id,
      'Use **Forgot password?** at id.brightwater.example.',
      'Dana (IT)',
    );
    const human = page.locator('.message[data-kind="escalation_answer"]');
    await human.waitFor({ timeout: 15_000 });
    expect(await human.innerText()).toContain('Answer from Dana (IT)');
    expect(await human.getByText('From a person').isVisible()).toBe(true);

    await ask(page, "What is the company's stock price today?");
    const abstain = page.locator('.message[data-kind="abstain"]');
    await abstain.waitFor();
    expect(await abstain.innerText()).toContain("I couldn't find this in the sources you can access");
    expect(await abstain.getByRole('region', { name: 'Sources' }).count()).toBe(0);
    expect(await abstain.getByRole('button', { name: 'Ask a person' }).isVisible()).toBe(true);
    expect(await abstain.getByRole('button', { name: 'Helpful', exact: true }).count()).toBe(0);
    expect(await page.locator('#persona-picker').isVisible()).toBe(false);

    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('keeps the typed question and shows an inline error when the server refuses it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(lumen.url);
    await page.route('**/api/chat/messages', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'starting', message: 'Lumen is still starting.' } }),
      }),
    );
    await ask(page, 'How many days of annual leave do I get?');
    await page.getByRole('alert').filter({ hasText: 'Lumen is still starting.' }).waitFor();
    expect(await page.getByLabel('Ask Lumen a question').inputValue()).toBe(
      'How many days of annual leave do I get?',
    );
    expect(await page.locator('.message').count()).toBe(0);
    await context.close();
  });
});

describe('web chat in demo identity mode', () => {
  let lumen: RunningLumen;

  beforeAll(async () => {
    lumen = await startApp('demo');
  });

  it('answers from and opens restricted documents only for a persona allowed to read them', async () => {
    const context = await browser.newContext({ reducedMotion: 'reduce' });
    const page = await context.newPage();
    const restricted = new URL('/knowledge/hr-internal/salary-bands.md', lumen.url).toString();
    const question = 'How is the midpoint of a salary band set?';
    await page.goto(lumen.url);
    await page.getByText('Demo mode.').waitFor();

    await ask(page, question);
    await page.locator('.message[data-kind]:not([data-kind="pending"])').last().waitFor();
    expect(await page.locator('a[href^="/knowledge/hr-internal/"]').count()).toBe(0);
    expect((await page.request.get(restricted)).status()).toBe(404);

    await page.getByLabel('Demo persona').selectOption({ label: 'Harper Quinn (groups: hr, managers)' });
    expect(await page.locator('.message').count()).toBe(0);
    await ask(page, question);
    const answer = page.locator('.message[data-kind="answer"]');
    await answer.waitFor();
    const source = answer.locator('.sources a[href^="/knowledge/hr-internal/salary-bands.md"]');
    expect(await source.count()).toBe(1);
    expect((await page.request.get(restricted)).status()).toBe(200);
    await context.close();
  });
});
