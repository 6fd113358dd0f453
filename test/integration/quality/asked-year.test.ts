import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLumen, type Lumen } from '../../../src/app/create-lumen.js';
import { loadConfig } from '../../../src/config/index.js';
import { ingestFolder } from '../../../src/knowledge/ingest-folder.js';
import { makeTurn } from '../../helpers/builders.js';

const ENROLMENT =
  '# Benefits enrolment\n\n## Open enrollment\n\nOpen enrollment for 2024 benefits runs from 20 November to 1 December 2023. Choose your plans in the benefits portal.\n';

describe('a question about a year the sources do not cover', () => {
  let root: string;
  let lumen: Lumen;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lumen-year-'));
    const knowledge = join(root, 'knowledge');
    await mkdir(knowledge);
    await writeFile(join(knowledge, 'enrolment.md'), ENROLMENT);
    lumen = await createLumen(
      loadConfig({ LUMEN_DATA_DIR: join(root, 'data'), LUMEN_KNOWLEDGE_DIR: knowledge }),
    );
    await ingestFolder(lumen.index, knowledge);
  });

  afterAll(async () => {
    await lumen.close();
    await rm(root, { recursive: true, force: true });
  });

  it('answers for the year the page is about', async () => {
    const reply = await lumen.copilot.handle(makeTurn('When is open enrollment for 2024 benefits?'));
    expect(reply.kind).toBe('answer');
    expect(reply.text).toContain('20 November');
  });

  it('does not pass off another year as the answer', async () => {
    const reply = await lumen.copilot.handle(makeTurn('When is open enrollment for 2026 benefits?'));
    expect(reply.kind).not.toBe('answer');
  });

  it('still answers when the year only places the question', async () => {
    const reply = await lumen.copilot.handle(makeTurn('I joined in 2019. When is open enrollment?'));
    expect(reply.kind).toBe('answer');
  });
});
