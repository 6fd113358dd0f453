import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLumen } from '../../../src/app/start-lumen.js';
import { createLegalRoutes } from '../../../src/channels/web/legal-pages.js';
import { loadConfig } from '../../../src/config/index.js';
import { silentLogger } from '../../../src/core/ports.js';

describe('/privacy and /terms', () => {
  let dir: string;
  let running: Awaited<ReturnType<typeof startLumen>>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lumen-legal-'));
    await writeFile(
      join(dir, 'privacy.md'),
      '---\ntitle: Contoso privacy notice\n---\n# Contoso privacy notice\n\nWrite to **the privacy team**.\n<script>alert(1)</script>\n',
    );
    running = await startLumen(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LUMEN_DATA_DIR: join(dir, 'data'),
        LUMEN_KNOWLEDGE_DIR: dir,
        LUMEN_INGEST_ON_START: 'false',
        LUMEN_PRIVACY_FILE: join(dir, 'privacy.md'),
        LUMEN_RETAIN_CONVERSATION_DAYS: '45',
      }),
      { log: silentLogger },
    );
    await running.ready;
  });
  afterAll(async () => {
    await running?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the company’s privacy file, rendered and sanitised', async () => {
    const res = await fetch(`${running.url}/privacy`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('<title>Contoso privacy notice</title>');
    expect(html).toContain('<strong>the privacy team</strong>');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('title: Contoso');
  });

  it('serves Lumen’s default terms when the company gives none', async () => {
    const terms = await fetch(`${running.url}/terms`);
    expect(terms.status).toBe(200);
    const text = await terms.text();
    expect(text).toContain('<h1>Lumen terms of use</h1>');
    expect(text).toContain('can be wrong');
  });

  it('quotes the configured retention in the default privacy statement', async () => {
    const app = express();
    app.use(
      createLegalRoutes({ retention: { conversationTextDays: 45, feedbackCommentDays: 0, auditDays: 730 } }),
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const html = await (
        await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/privacy`)
      ).text();
      expect(html).toContain('<h1>Lumen privacy statement</h1>');
      expect(html).toContain('Conversation text: for 45 days.');
      expect(html).toContain('Comments you leave on answers: until an administrator deletes them.');
      expect(html).toContain('for 730 days');
    } finally {
      server.close();
    }
  });

  it('names a privacy or terms file that does not exist at start-up', () => {
    expect(() => loadConfig({ LUMEN_TERMS_FILE: join(dir, 'missing-terms.md') })).toThrow(
      /LUMEN_TERMS_FILE points to .*missing-terms\.md, which does not exist/,
    );
  });
});
