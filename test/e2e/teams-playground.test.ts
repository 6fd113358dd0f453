import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLumenInBrowser } from '../helpers/browser.js';
import { findFreePort } from '../helpers/ports.js';

/**
 * Lumen as people see it in Teams: Microsoft's own local Teams client, the Microsoft 365
 * Agents Playground (from npm, no internet needed), talks to a running Lumen's
 * `/api/messages`, and Chromium drives the Playground's web UI. Its page asks for web
 * fonts and animations on Microsoft's CDN, which fail offline without harm.
 */

const PLAYGROUND_CLI = createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');

let playground: ChildProcess;
let playgroundUrl: string;
let page: Page;

/** Starts the Playground against Lumen and resolves with its URL once it listens. */
async function startPlayground(endpoint: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await findFreePort();
  const child = spawn(
    process.execPath,
    [PLAYGROUND_CLI, '-e', endpoint, '-c', 'msteams', '--disable-telemetry', '-p', String(port)],
    // TEAMSAPPTESTER_BROWSER=none: the Playground must not try to open a browser of its own.
    { env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the Playground did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Listening on (\d+)/.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${listening[1]}/`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Playground exited with ${code}:\n${output}`));
    });
  });
  return { child, url };
}

async function say(text: string): Promise<void> {
  const box = page.getByRole('textbox').first();
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Bot messages (each with its header, body and feedback buttons), oldest first. */
function botMessages(): Locator {
  return page.locator('div:has(> [aria-label="Message header"]):has([aria-label="Message author"])');
}

/** Waits until `check` passes, polling the store or the page. */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function rate(message: Locator, reaction: 'Like' | 'Dislike', comment: string): Promise<void> {
  await message.getByRole('button', { name: reaction, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('textarea').fill(comment);
  await dialog.getByRole('button', { name: 'Submit' }).click();
  // The Playground thanks the person in the same dialog; close it.
  await dialog.getByRole('button', { name: 'close' }).click();
  await expect.poll(() => dialog.count()).toBe(0);
}

describe('Lumen in the Microsoft 365 Agents Playground (Teams client)', () => {
  const app = useLumenInBrowser();

  beforeAll(async () => {
    const port = new URL(app.running.url).port;
    ({ child: playground, url: playgroundUrl } = await startPlayground(
      `http://127.0.0.1:${port}/api/messages`,
    ));
    page = await app.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(playgroundUrl, { waitUntil: 'domcontentloaded' });
    await page.getByRole('textbox').first().waitFor({ timeout: 60_000 });
    // Installing the app in the personal chat brings Lumen's welcome.
    await page.getByText("Hi, I'm").first().waitFor({ timeout: 30_000 });
  }, 180_000);

  afterAll(() => {
    playground?.kill();
  });

  it('answers labelled as quoted from sources (not AI-written), with citation pills whose hover card shows the cited document', async () => {
    await say('What is the per diem in Lisbon?');
    const answer = botMessages().filter({ hasText: 'Lisbon' }).last();
    await answer.waitFor({ timeout: 30_000 });
    // The embedded answerer only quotes its sources, so it carries no AI label.
    await expect.poll(() => answer.getByText('Quoted from sources').count()).toBeGreaterThan(0);
    expect(await answer.getByText('AI generated').count()).toBe(0);

    const [turn] = await eventually(async () => {
      const turns = await app.running.lumen.store.turns.list({});
      expect(turns).toHaveLength(1);
      return turns;
    });
    expect(turn!.citations.length).toBeGreaterThan(0);

    const pill = answer.locator('p a[role="button"]').first();
    await pill.waitFor();
    expect(await pill.innerText()).toMatch(/^\d+$/);
    await pill.hover();
    const card = page.getByRole('dialog').or(page.locator('.fui-PopoverSurface'));
    await card.first().waitFor();
    const hover = await card.first().innerText();
    expect(turn!.citations.some((c) => hover.includes(c.title))).toBe(true);
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');
  });

  it('stores a thumbs up, then a thumbs down with its comment, against that answer', async () => {
    const [turn] = await app.running.lumen.store.turns.list({});
    const answer = botMessages().filter({ hasText: 'Lisbon' }).last();

    await rate(answer, 'Like', 'Clear, with the source.');
    const liked = await eventually(async () => {
      const [feedback] = await app.running.lumen.store.feedback.list({});
      expect(feedback?.rating).toBe('helpful');
      return feedback!;
    });
    expect(liked).toMatchObject({ turnId: turn!.id, channel: 'teams', comment: 'Clear, with the source.' });

    await rate(answer, 'Dislike', 'The hotel cap is missing.');
    const disliked = await eventually(async () => {
      const [feedback] = await app.running.lumen.store.feedback.list({});
      expect(feedback?.rating).toBe('not_helpful');
      return feedback!;
    });
    expect(disliked).toMatchObject({ turnId: turn!.id, comment: 'The hotel cap is missing.' });
    expect(await app.running.lumen.store.feedback.list({})).toHaveLength(1);
  });

  it('runs a lesson through its cards to the end, quiz options each on their own line', async () => {
    const cards = botMessages().filter({ has: page.locator('button').filter({ hasText: /\S/ }) });
    let seen = await cards.count();
    await say('lesson');
    let sawQuiz = false;
    for (let step = 0; step < 30; step++) {
      // Each reply brings a new card with the buttons for the next step.
      await expect.poll(() => cards.count(), { timeout: 20_000 }).toBeGreaterThan(seen);
      seen = await cards.count();
      const quiz = botMessages().filter({ hasText: /question \d+ of \d+/ });
      if (!sawQuiz && (await quiz.count()) > 0) {
        sawQuiz = true;
        const lines = await quiz.last().locator('p').allInnerTexts();
        expect(lines.filter((line) => /^[A-E]\.\s/.test(line.trim())).length).toBeGreaterThanOrEqual(2);
      }
      const latest = cards.last();
      const labels = (await latest.locator('button').filter({ hasText: /\S/ }).allInnerTexts()).map((l) =>
        l.trim(),
      );
      if (labels.includes('Next lesson')) break;
      const choice = labels.includes('4') ? '4' : labels.includes('A') ? 'A' : labels[0]!;
      await latest
        .locator('button')
        .filter({ hasText: new RegExp(`^\\s*${choice}\\s*$`) })
        .first()
        .click();
    }
    expect(sawQuiz).toBe(true);

    const [turn] = await app.running.lumen.store.turns.list({});
    const progress = await app.running.lumen.store.lessons.listProgress(turn!.userId);
    expect(progress.some((p) => p.completedAt !== undefined)).toBe(true);
  });

  it('hands the question to a person from the answer’s card, shown once', async () => {
    const answer = botMessages()
      .filter({ has: page.getByRole('button', { name: 'Talk to a human' }) })
      .first();
    await answer.getByRole('button', { name: 'Talk to a human' }).click();
    await expect
      .poll(() => page.getByText('passed your question to a person').count(), { timeout: 20_000 })
      .toBe(1);
    const [escalation] = await eventually(async () => {
      const escalations = await app.running.lumen.store.escalations.list({});
      expect(escalations).toHaveLength(1);
      return escalations;
    });
    expect(escalation!.question).toBe('What is the per diem in Lisbon?');
  });

  it('tells the person in a group chat where a lesson asked for there went', async () => {
    await page.getByRole('treeitem', { name: 'Group Chat' }).click();
    await page.getByRole('textbox').first().click();
    await page.keyboard.type('@');
    await page.getByRole('listbox', { name: 'Typeahead menu' }).getByText('Test Bot').click();
    await page.keyboard.type(' lesson');
    await page.keyboard.press('Enter');
    await botMessages()
      .filter({ hasText: "I've sent you that in our personal chat" })
      .first()
      .waitFor({ timeout: 20_000 });
    expect(await botMessages().filter({ hasText: 'how confident do you feel' }).count()).toBe(0);

    await page.getByRole('treeitem', { name: 'Personal Chat' }).click();
    await botMessages().filter({ hasText: 'how confident do you feel' }).last().waitFor({ timeout: 20_000 });
  });
});
