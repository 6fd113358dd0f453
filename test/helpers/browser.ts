import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startLumen } from '../../src/app/start-lumen.js';
import { loadConfig, SAMPLE_KNOWLEDGE_DIR } from '../../src/config/index.js';

type RunningLumen = Awaited<ReturnType<typeof startLumen>>;

/** Debian's Chromium, which `.ci/run` installs; never a browser downloaded by a test tool. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium with the flags this machine needs (no sandbox as root, no background traffic). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * The real server on the sample knowledge base (temporary data folder, loopback, any free
 * port) and Chromium, started before a file's tests and closed after them. `env` adds or
 * overrides settings.
 */
export function useLumenInBrowser(env: Record<string, string> = {}): {
  readonly browser: Browser;
  readonly running: RunningLumen;
} {
  let browser: Browser | undefined;
  let running: RunningLumen | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lumen-e2e-'));
    running = await startLumen(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LUMEN_DATA_DIR: dataDir,
        LUMEN_KNOWLEDGE_DIR: SAMPLE_KNOWLEDGE_DIR,
        ...env,
      }),
    );
    await running.ready;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  return {
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
    get running() {
      if (!running) throw new Error('Lumen starts in beforeAll');
      return running;
    },
  };
}
