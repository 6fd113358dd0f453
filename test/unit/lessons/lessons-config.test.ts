import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLumen } from '../../../src/app/create-lumen.js';
import { BUILT_IN_LESSONS_DIR, loadConfig } from '../../../src/config/index.js';
import { ConfigError } from '../../../src/core/errors.js';

describe('LUMEN_LESSONS_DIR', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lumen-lessons-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is absent by default, and names the setting when the folder does not exist', () => {
    expect(loadConfig({})).not.toHaveProperty('lessonsDir');
    expect(() => loadConfig({ LUMEN_LESSONS_DIR: join(dir, 'missing') })).toThrow(ConfigError);
    expect(() => loadConfig({ LUMEN_LESSONS_DIR: join(dir, 'missing') })).toThrow(
      /LUMEN_LESSONS_DIR points to/,
    );
  });

  it("adds the learning team's lessons after the built-in ones", async () => {
    const extra = join(dir, 'lessons');
    mkdirSync(extra);
    const source = readFileSync(join(BUILT_IN_LESSONS_DIR, '04-hallucinations.md'), 'utf8')
      .replace('id: hallucinations', 'id: our-ai-policy')
      .replace('title: Hallucinations, and how to spot them', 'title: Our AI policy in five minutes');
    writeFileSync(join(extra, 'our-ai-policy.md'), source);
    const lumen = await createLumen(
      loadConfig({ LUMEN_DATA_DIR: join(dir, 'data'), LUMEN_LESSONS_DIR: extra }),
    );
    try {
      expect(lumen.lessons.lessons.at(-1)).toMatchObject({
        id: 'our-ai-policy',
        title: 'Our AI policy in five minutes',
      });
    } finally {
      await lumen.close();
    }
  });

  it('refuses to start with a broken lesson, naming its file and field', async () => {
    const extra = join(dir, 'lessons');
    mkdirSync(extra);
    writeFileSync(join(extra, 'broken.md'), '---\nid: Broken Id\n---\nText.\n');
    await expect(
      createLumen(loadConfig({ LUMEN_DATA_DIR: join(dir, 'data'), LUMEN_LESSONS_DIR: extra })),
    ).rejects.toThrow(`${join(extra, 'broken.md')}:2: id:`);
  });
});
