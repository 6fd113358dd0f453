import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningLumen, startLumen } from '../../../src/app/start-lumen.js';
import { loadConfig } from '../../../src/config/index.js';

/** Bad input to every kind of route; none may answer with an HTML error page, a stack or a path. */
const PROBES: { name: string; path: string; init?: RequestInit }[] = [
  {
    name: 'an oversized admin login form',
    path: '/admin/login',
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${'x'.repeat(40_000)}`,
    },
  },
  {
    name: 'an admin login form in an unknown charset',
    path: '/admin/login',
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=klingon' },
      body: 'token=x',
    },
  },
  {
    name: 'an oversized escalation callback',
    path: '/api/escalations/callback',
    init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(100_000) },
  },
  {
    name: 'an escalation callback in an unknown charset',
    path: '/api/escalations/callback',
    init: { method: 'POST', headers: { 'content-type': 'application/json; charset=klingon' }, body: '{}' },
  },
  {
    name: 'an escalation callback with a broken gzip body',
    path: '/api/escalations/callback',
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: 'not gzip',
    },
  },
  { name: 'a malformed percent-encoding in a knowledge path', path: '/knowledge/%E0%A4%A' },
  { name: 'a malformed percent-encoding in an admin path', path: '/admin/escalations/%E0%A4%A/claim' },
  {
    name: 'a malformed JSON chat message',
    path: '/api/chat/messages',
    init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":' },
  },
  { name: 'an unknown route', path: '/no/such/page' },
];

describe.each(['development', 'test', 'production'])('error responses with NODE_ENV=%s', (nodeEnv) => {
  let dir: string;
  let running: RunningLumen;
  const previous = process.env.NODE_ENV;

  beforeAll(async () => {
    process.env.NODE_ENV = nodeEnv;
    dir = mkdtempSync(join(tmpdir(), 'lumen-errors-'));
    running = await startLumen(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LUMEN_DATA_DIR: dir,
        LUMEN_INGEST_ON_START: 'false',
        LUMEN_ADMIN_TOKEN: 'admin-token-0123456789',
        LUMEN_ESCALATION_WEBHOOK_SECRET: 'webhook-secret-0123456789',
        LUMEN_ESCALATION_QUEUES: 'desk=http://127.0.0.1:9/hook',
      }),
    );
    await running.ready;
  });
  afterAll(async () => {
    await running.close();
    process.env.NODE_ENV = previous;
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(PROBES)('answers $name without an HTML error page, stack or path', async ({ path, init }) => {
    const response = await fetch(`${running.url}${path}`, init);
    const body = await response.text();
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get('content-type')).toMatch(/^(application\/json|text\/plain)/);
    expect(body).not.toMatch(/\n\s+at |node_modules|\/work\/|[A-Za-z]+Error\b|<pre>|<html/i);
  });
});
