import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningLumen, startLumen } from '../../../src/app/start-lumen.js';
import { loadConfig } from '../../../src/config/index.js';
import type { ChatModel } from '../../../src/core/ports.js';
import { ExtractiveModel } from '../../../src/llm/extractive/index.js';
import { instrumentCopilot } from '../../../src/observability/instrumented-copilot.js';
import { createTestCore, indexDocument, makeChunk, makeTurn } from '../../helpers/builders.js';

const PER_DIEM = 'The daily meal allowance (per diem) is 75 CAD in Toronto and 60 EUR in Lisbon.';

describe('operations endpoints', () => {
  let dir: string;
  let running: RunningLumen;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lumen-ops-'));
    running = await startLumen(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', LUMEN_DATA_DIR: dir, LUMEN_INGEST_ON_START: 'false' }),
    );
    await running.ready;
    await indexDocument(running.lumen.index, [makeChunk('folder:expenses.md', PER_DIEM)]);
  });

  afterEach(async () => {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('separates liveness from readiness, and readiness lists each backend', async () => {
    expect((await fetch(`${running.url}/livez`)).status).toBe(200);
    const ready = await fetch(`${running.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; checks: { name: string; ok: boolean }[] };
    expect(body.status).toBe('ready');
    expect(body.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['store', 'index', 'model']));
  });

  it('exposes Prometheus metrics counting turns by channel and outcome', async () => {
    const ask = (text: string) =>
      fetch(`${running.url}/api/chat/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ conversationId: 'c-1', text }),
      }).then((r) => r.text());
    await ask('What is the per diem in Toronto?');
    await ask('What is the capital of Australia?');
    const response = await fetch(`${running.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('lumen_turns_total{channel="web",input="message",kind="answer"} 1');
    expect(text).toContain('lumen_turns_total{channel="web",input="message",kind="abstain"} 1');
    expect(text).toContain('lumen_abstentions_total{channel="web"} 1');
    expect(text).toMatch(/lumen_turn_duration_seconds_count\{channel="web"\} 2/);
    expect(text).toContain('lumen_turns_in_flight 0');
    expect(text).toContain('lumen_turns_waiting 0');
    expect(text).toContain('lumen_escalations_open 0');
  });
});

describe('graceful shutdown', () => {
  it('waits for turns being answered before the core is closed', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const extractive = new ExtractiveModel();
    const slow: ChatModel = {
      name: 'slow',
      answer: async (request, onPartial) => {
        await gate;
        return extractive.answer(request, onPartial);
      },
      check: () => extractive.check(),
    };
    const core = await createTestCore({ model: slow });
    try {
      await indexDocument(core.index, [makeChunk('folder:expenses.md', PER_DIEM)]);
      const copilot = instrumentCopilot(core.copilot, core.store);
      const answering = copilot.handle(makeTurn('What is the per diem in Toronto?'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(copilot.inFlight()).toBe(1);
      expect(await copilot.drain(50)).toBe(false);
      const drained = copilot.drain(5_000);
      release();
      expect(await drained).toBe(true);
      expect((await answering).kind).toBe('answer');
      expect(copilot.inFlight()).toBe(0);
    } finally {
      await core.close();
    }
  });
});
