import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestSummary } from '../../../src/knowledge/ingest.js';
import { runNode } from '../../helpers/cli-process.js';
import { entryArgs } from '../../helpers/entry-points.js';
import {
  buildHostileKnowledge,
  ENVIRONMENT_CANARY,
  type HostileKnowledge,
} from '../../helpers/hostile-knowledge.js';
import { startLumenProcess } from '../../helpers/lumen-process.js';

/** The heap a small container gives Lumen; the zip bombs alone once needed gigabytes. */
const HEAP = '--max-old-space-size=512';

/** `lumen ingest --json` in its own process, with a container-sized heap and the canary in its environment. */
function runIngest(root: string, dataDir: string) {
  return runNode([HEAP, ...entryArgs('channels/cli/main'), 'ingest', root, '--data-dir', dataDir, '--json'], {
    env: { ...process.env, LUMEN_LOG_LEVEL: 'error', [ENVIRONMENT_CANARY.name]: ENVIRONMENT_CANARY.value },
  });
}

describe(`a knowledge folder planted with hostile files, ingested with a 512 MB heap (${HEAP})`, () => {
  let hostile: HostileKnowledge;
  const dataDirs: string[] = [];

  beforeAll(async () => {
    hostile = await buildHostileKnowledge();
  }, 60_000);

  afterAll(async () => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    await hostile?.cleanup();
  });

  it('`lumen ingest` completes and reports each hostile file with why it was refused', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lumen-heap-ingest-'));
    dataDirs.push(dataDir);
    const run = await runIngest(hostile.root, dataDir);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as IngestSummary;
    expect(Object.fromEntries(summary.skipped.map((s) => [s.path, s.kind]))).toEqual(hostile.refusals);
    for (const secret of hostile.outsideSecrets) expect(run.stdout).not.toContain(secret);
    // Indexed: the restricted documents (each for HR only) and the public welcome page.
    expect(summary.added).toBe(hostile.hrOnly.length + 1);
  }, 120_000);

  it('the server becomes ready, answers, and leaks nothing to an anonymous web user', async () => {
    const lumen = await startLumenProcess(
      {
        LUMEN_KNOWLEDGE_DIR: hostile.root,
        LUMEN_RATE_LIMIT_PER_MINUTE: '0',
        [ENVIRONMENT_CANARY.name]: ENVIRONMENT_CANARY.value,
      },
      { nodeFlags: [HEAP] },
    );
    dataDirs.push(lumen.dataDir);
    try {
      expect((await fetch(`${lumen.url}/readyz`)).status).toBe(200);
      const ask = async (text: string) => {
        const response = await fetch(`${lumen.url}/api/chat/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ conversationId: randomUUID(), text }),
        });
        expect(response.status).toBe(200);
        return response.text();
      };
      expect(await ask(hostile.publicQuestion.question)).toContain(hostile.publicQuestion.answer);
      const shown: string[] = [];
      for (const question of hostile.questions) shown.push(await ask(question));
      for (const path of [
        'public/guide.docx',
        'public/salaries-link.md',
        'public/environment.txt',
        'public/outside.md',
      ]) {
        const response = await fetch(`${lumen.url}/knowledge/${path}`);
        expect(response.status, path).toBe(404);
        shown.push(await response.text());
      }
      for (const secret of [...hostile.hrSecrets, ...hostile.outsideSecrets]) {
        expect(shown.join('\n')).not.toContain(secret);
      }
      expect(lumen.loggedErrors).toEqual([]);
    } finally {
      await lumen.stop();
    }
  }, 120_000);
});
