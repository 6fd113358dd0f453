import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLumen, type Lumen } from '../../../src/app/create-lumen.js';
import { loadConfig } from '../../../src/config/index.js';
import { ingestFolder } from '../../../src/knowledge/ingest-folder.js';
import { makeTurn } from '../../helpers/builders.js';

const POLICY = '# Zephyr\n\nZephyr covers 80% of gym fees, up to 40 EUR a month, for every employee.\n';

describe('company synonyms', () => {
  const opened: { lumen: Lumen; root: string }[] = [];
  afterEach(async () => {
    for (const { lumen, root } of opened.splice(0)) {
      await lumen.close();
      await rm(root, { recursive: true, force: true });
    }
  });

  async function ask(question: string, synonyms?: string) {
    const root = await mkdtemp(join(tmpdir(), 'lumen-synonyms-'));
    const knowledge = join(root, 'knowledge');
    await mkdir(knowledge);
    await writeFile(join(knowledge, 'zephyr.md'), POLICY);
    if (synonyms) await writeFile(join(knowledge, 'synonyms.txt'), synonyms);
    const lumen = await createLumen(
      loadConfig({ LUMEN_DATA_DIR: join(root, 'data'), LUMEN_KNOWLEDGE_DIR: knowledge }),
    );
    opened.push({ lumen, root });
    await ingestFolder(lumen.index, knowledge);
    return lumen.copilot.handle(makeTurn(question));
  }

  it("answers in the company's own words once its synonyms file says what they mean", async () => {
    const question = 'What does the perk pass cover?';
    const without = await ask(question);
    expect(without.kind).not.toBe('answer');
    const withSynonyms = await ask(question, '# benefit names\nzephyr, perk pass\n');
    expect(withSynonyms.kind).toBe('answer');
    expect(withSynonyms.text).toContain('80% of gym fees');
  });
});
