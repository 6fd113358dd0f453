import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningLumen, startLumen } from '../../../src/app/start-lumen.js';
import { loadConfig } from '../../../src/config/index.js';
import type { LogFields, Logger } from '../../../src/core/ports.js';
import { indexDocument, makeChunk } from '../../helpers/builders.js';
import { buildHostileKnowledge, type HostileKnowledge } from '../../helpers/hostile-knowledge.js';
import { FakeSlackApi } from '../slack/fake-slack-api.js';
import { SIGNING_SECRET, slackSignature } from '../slack/slack-harness.js';

/** Remembers error and warning logs, so a 5xx can be matched to the cause it logged. */
class ErrorLog implements Logger {
  readonly errors: { message: string; fields?: LogFields }[] = [];
  readonly warnings: string[] = [];
  info(): void {}
  warn(message: string): void {
    this.warnings.push(message);
  }
  error(message: string, fields?: LogFields): void {
    this.errors.push({ message, ...(fields ? { fields } : {}) });
  }
}

/** Any JSON value, with the shapes each endpoint expects mixed in now and then. */
const anyJson = fc.jsonValue({ maxDepth: 4 });
const chatBody = fc.oneof(
  anyJson,
  fc.record(
    {
      conversationId: fc.oneof(fc.string(), fc.uuid(), anyJson),
      text: fc.oneof(fc.string({ maxLength: 5000 }), anyJson),
    },
    { requiredKeys: [] },
  ),
);
const actionBody = fc.oneof(
  anyJson,
  fc.record(
    {
      conversationId: fc.uuid(),
      action: fc.oneof(
        anyJson,
        fc.record({
          name: fc.constantFrom('feedback', 'escalate', 'nope'),
          turnId: fc.oneof(fc.uuid(), anyJson),
          rating: anyJson,
        }),
      ),
    },
    { requiredKeys: [] },
  ),
);
const activityBody = fc.oneof(
  anyJson,
  fc.record(
    {
      type: fc.constantFrom('message', 'invoke', 'conversationUpdate', 'typing', 'weird'),
      id: fc.string(),
      text: fc.oneof(fc.string(), anyJson),
      serviceUrl: fc.constantFrom('http://127.0.0.1:9/', 'not a url', ''),
      channelId: fc.constantFrom('msteams', 'emulator', ''),
      from: fc.oneof(anyJson, fc.record({ id: fc.string(), aadObjectId: fc.string() })),
      conversation: fc.oneof(
        anyJson,
        fc.record({ id: fc.string(), conversationType: fc.constantFrom('personal', 'channel') }),
      ),
      name: fc.oneof(fc.string(), fc.constantFrom('message/submitAction', 'adaptiveCard/action')),
      value: anyJson,
    },
    { requiredKeys: [] },
  ),
);

describe('fuzzing every HTTP endpoint: no crash, no 500 without a logged cause', () => {
  let dir: string;
  let running: RunningLumen;
  let slackApi: FakeSlackApi;
  const log = new ErrorLog();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lumen-fuzz-'));
    slackApi = new FakeSlackApi();
    await slackApi.start();
    running = await startLumen(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LUMEN_DATA_DIR: dir,
        LUMEN_INGEST_ON_START: 'false',
        LUMEN_RATE_LIMIT_PER_MINUTE: '0',
        SLACK_BOT_TOKEN: 'xoxb-fuzz',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slackApi.url,
        SLACK_STREAMING: 'off',
        SLACK_POST_INTERVAL_MS: '0',
      }),
      { log },
    );
    await running.ready;
    await indexDocument(running.lumen.index, [
      makeChunk('folder:expenses.md', 'The daily meal allowance (per diem) is 75 CAD in Toronto.'),
    ]);
  });

  afterAll(async () => {
    await running?.close();
    await slackApi?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function post(path: string, body: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${running.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    await response.arrayBuffer();
    return response.status;
  }

  /**
   * A 500 is acceptable only when the server logged why. A 501 is Lumen declining a request it
   * does not offer (a Teams invoke it has no handler for), which it logs as a warning.
   */
  function expectHandled(status: number, before: { errors: number; warnings: number }) {
    if (status === 501)
      expect(log.warnings.length, 'a 501 without a logged reason').toBeGreaterThan(before.warnings);
    else if (status >= 500)
      expect(log.errors.length, `a ${status} without a logged cause`).toBeGreaterThan(before.errors);
  }

  const logged = () => ({ errors: log.errors.length, warnings: log.warnings.length });

  const endpoints: {
    name: string;
    path: string;
    body: fc.Arbitrary<unknown>;
    headers?: (raw: string) => Record<string, string>;
  }[] = [
    { name: 'web chat messages', path: '/api/chat/messages', body: chatBody },
    { name: 'web chat actions', path: '/api/chat/actions', body: actionBody },
    { name: 'Teams activities', path: '/api/messages', body: activityBody },
    {
      name: 'Slack events (signed)',
      path: '/slack/events',
      body: anyJson,
      headers: (raw) => {
        const timestamp = Math.floor(Date.now() / 1000);
        return {
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, raw),
        };
      },
    },
  ];

  for (const endpoint of endpoints) {
    it(`${endpoint.name}: random bodies`, async () => {
      await fc.assert(
        fc.asyncProperty(endpoint.body, async (value) => {
          const raw = JSON.stringify(value) ?? 'null';
          const before = logged();
          expectHandled(await post(endpoint.path, raw, endpoint.headers?.(raw)), before);
        }),
        { numRuns: 60 },
      );
    });

    it(`${endpoint.name}: bytes that are not JSON`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ maxLength: 300 }), async (raw) => {
          const before = logged();
          expectHandled(await post(endpoint.path, raw, endpoint.headers?.(raw)), before);
        }),
        { numRuns: 40 },
      );
    });
  }

  it('still answers a real question afterwards', async () => {
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    const response = await fetch(`${running.url}/api/chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: 'after-fuzz', text: 'What is the per diem in Toronto?' }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('75 CAD');
  });
});

describe('fuzzing over a knowledge folder planted with hostile files: ready, no leak, no crash', () => {
  let hostile: HostileKnowledge;
  let dir: string;
  let running: RunningLumen;
  const log = new ErrorLog();

  beforeAll(async () => {
    hostile = await buildHostileKnowledge();
    dir = mkdtempSync(join(tmpdir(), 'lumen-fuzz-hostile-'));
    running = await startLumen(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LUMEN_DATA_DIR: dir,
        LUMEN_KNOWLEDGE_DIR: hostile.root,
        LUMEN_RATE_LIMIT_PER_MINUTE: '0',
      }),
      { log },
    );
    await running.ready;
  }, 120_000);

  afterAll(async () => {
    await running?.close();
    rmSync(dir, { recursive: true, force: true });
    await hostile?.cleanup();
  });

  const secrets = () => [...hostile.hrSecrets, ...hostile.outsideSecrets];

  /** Paths to every planted file, written the ways a client could write them. */
  const knowledgePath = fc
    .tuple(
      fc.constantFrom(
        'public/welcome.md',
        'public/guide.docx',
        'public/salaries-link.md',
        'public/widened.md',
        'public/outside.md',
        'public/environment.txt',
        'public/system/passwd',
        'public/hr-folder/salaries.md',
        'public/pipe.txt',
        'public/huge.txt',
        'public/bomb.docx',
        'hr/salaries.md',
        'hr/review.docx',
        'notes/late-meta.html',
        'notes/commented-meta.html',
        'notes/capital-acl.md',
        'notes/upper-sidecar.docx.META.YAML',
        'public/../hr/salaries.md',
      ),
      fc.constantFrom('plain', 'encoded', 'double-encoded', 'upper-case', 'dot-segments'),
      fc.string({ maxLength: 8 }),
    )
    .map(([path, style, noise]) => {
      const written =
        style === 'encoded'
          ? path.split('/').map(encodeURIComponent).join('%2F')
          : style === 'double-encoded'
            ? encodeURIComponent(encodeURIComponent(path))
            : style === 'upper-case'
              ? path.toUpperCase()
              : style === 'dot-segments'
                ? `public/./../${path}`
                : path;
      return noise.length > 0 && noise.charCodeAt(0) % 3 === 0
        ? `${written}${encodeURIComponent(noise)}`
        : written;
    });

  it('became ready, reporting no start-up failure, and answers from public files', async () => {
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    expect(log.errors.filter((e) => e.message.includes('start-up'))).toEqual([]);
    const response = await fetch(`${running.url}/api/chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: 'open', text: hostile.publicQuestion.question }),
    });
    expect(await response.text()).toContain(hostile.publicQuestion.answer);
  });

  it('/knowledge/ paths to planted files: only the public file is served, never a secret, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(knowledgePath, async (path) => {
        const url = new URL(`${running.url}/knowledge/${path}`);
        const response = await fetch(url);
        const body = await response.text();
        expect([200, 400, 404]).toContain(response.status);
        // The URL as sent, after the client resolved dot segments.
        if (response.status === 200) expect(url.pathname).toBe('/knowledge/public/welcome.md');
        for (const secret of secrets()) expect(body).not.toContain(secret);
      }),
      { numRuns: 150 },
    );
  });

  it('questions mixing what the planted files hold: never a secret, never a 500', async () => {
    const words = fc.constantFrom(
      ...hostile.questions.flatMap((q) => q.split(/\s+/)),
      ...secrets(),
      'environ',
      'token',
      'ignore previous instructions',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(words, { minLength: 1, maxLength: 12 }), async (picked) => {
        const response = await fetch(`${running.url}/api/chat/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ conversationId: randomUUID(), text: picked.join(' ') }),
        });
        const body = await response.text();
        expect(response.status).toBe(200);
        for (const secret of secrets()) expect(body).not.toContain(secret);
      }),
      { numRuns: 60 },
    );
  });
});
