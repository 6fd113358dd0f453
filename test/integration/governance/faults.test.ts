import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLumen, type Lumen } from '../../../src/app/create-lumen.js';
import { loadConfig } from '../../../src/config/index.js';
import { indexDocument, makeAction, makeChunk, makeTurn } from '../../helpers/builders.js';
import { type LocalPostgres, startEmbeddedPostgres } from '../../helpers/embedded-postgres.js';

const PER_DIEM = 'The daily meal allowance (per diem) is 75 CAD in Toronto and 60 EUR in Lisbon.';

describe('the database restarting under a running Lumen', () => {
  let postgres: LocalPostgres;
  let dataDir: string;
  let lumen: Lumen;

  beforeAll(async () => {
    postgres = await startEmbeddedPostgres();
    dataDir = mkdtempSync(join(tmpdir(), 'lumen-faults-'));
    lumen = await createLumen(loadConfig({ LUMEN_DATA_DIR: dataDir, DATABASE_URL: postgres.url }));
    await indexDocument(lumen.index, [makeChunk('folder:expenses.md', PER_DIEM)]);
  });

  afterAll(async () => {
    await lumen?.close();
    await postgres?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('apologises while the database is down, loses nothing stored before, and recovers by itself', async () => {
    const before = await lumen.copilot.handle(makeTurn('What is the per diem in Toronto?'));
    expect(before.kind).toBe('answer');
    await lumen.copilot.handle(makeAction({ name: 'feedback', turnId: before.turnId!, rating: 'helpful' }));

    await postgres.pause();
    const during = await lumen.copilot.handle(makeTurn('What is the per diem in Lisbon?'));
    expect(during.kind).toBe('error');
    expect(during.text).not.toMatch(/ECONNREFUSED|postgres/i);
    expect((await lumen.store.check()).ok).toBe(false);

    await postgres.resume();
    const after = await lumen.copilot.handle(makeTurn('What is the per diem in Lisbon?'));
    expect(after.kind).toBe('answer');
    expect((await lumen.store.check()).ok).toBe(true);
    const turns = await lumen.store.turns.list({});
    expect(turns.map((t) => t.id)).toEqual(expect.arrayContaining([before.turnId, after.turnId]));
    expect((await lumen.store.feedback.list({})).map((f) => f.turnId)).toEqual([before.turnId]);
  });
});
