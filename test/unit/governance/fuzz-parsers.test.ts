import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { parseAudience } from '../../../src/core/campaigns/audience.js';
import { toDraft } from '../../../src/core/campaigns/draft-input.js';
import { CrackError, LumenError } from '../../../src/core/errors.js';
import { LessonFileError, parseLesson } from '../../../src/core/lessons/index.js';
import { readQuestionSet } from '../../../src/eval/index.js';
import { crackFile } from '../../../src/knowledge/crack/index.js';
import { inflateZipParts } from '../../../src/knowledge/crack/zip-parts.js';
import { docxBomb, xlsxBomb } from '../../helpers/zip-bombs.js';

/** Runs `work` and says how it ended: a value, an error of an expected kind, or anything else. */
function outcome(work: () => unknown, expected: (error: unknown) => boolean): 'ok' | 'refused' | unknown {
  try {
    work();
    return 'ok';
  } catch (error) {
    return expected(error) ? 'refused' : error;
  }
}

describe('fuzzing the parsers of files and command-line input: a clear error or a result, never a crash', () => {
  it('question sets (eval): a bad line is an error naming the line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lumen-fuzz-qs-'));
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.oneof(fc.string(), fc.json()), { maxLength: 6 }), async (lines) => {
          const file = join(dir, 'q.jsonl');
          writeFileSync(file, lines.join('\n'));
          try {
            await readQuestionSet(file);
          } catch (error) {
            expect((error as Error).message).toMatch(/q\.jsonl:\d+ /);
          }
        }),
        { numRuns: 150 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lesson files: anything malformed is a LessonFileError naming file and line', () => {
    const frontMatter = fc
      .record(
        {
          id: fc.oneof(fc.string(), fc.constant('a-lesson'), fc.integer()),
          title: fc.oneof(fc.string(), fc.constant('A lesson')),
          track: fc.oneof(fc.string(), fc.constant('basics')),
          minutes: fc.oneof(fc.integer({ min: -5, max: 20 }), fc.string()),
          quiz: fc.oneof(fc.jsonValue(), fc.constant([])),
        },
        { requiredKeys: [] },
      )
      .map(
        (fm) =>
          `---\n${Object.entries(fm)
            .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
            .join('\n')}\n---\nBody text.\n`,
      );
    fc.assert(
      fc.property(fc.oneof(fc.string(), frontMatter), (source) => {
        const result = outcome(
          () => parseLesson(source, 'fuzz.md'),
          (e) => e instanceof LessonFileError,
        );
        expect(result === 'ok' || result === 'refused', String(result)).toBe(true);
        if (result === 'refused') {
          try {
            parseLesson(source, 'fuzz.md');
          } catch (error) {
            expect((error as Error).message).toMatch(/^fuzz\.md:\d+/);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('configuration: any value of any setting is a Config or a ConfigError naming the setting', () => {
    const names = [
      'PORT',
      'LUMEN_WEB_IDENTITY',
      'LUMEN_INGEST_ON_START',
      'LUMEN_PII_PATTERNS',
      'LUMEN_RATE_LIMIT_PER_MINUTE',
      'LUMEN_RETAIN_CONVERSATION_DAYS',
      'DATABASE_URL',
      'SLACK_BOT_TOKEN',
      'MICROSOFT_APP_TYPE',
      'AZURE_OPENAI_ENDPOINT',
      'LUMEN_ESCALATION_ROUTES',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.string({ maxLength: 60 }), (name, value) => {
        try {
          loadConfig({ [name]: value });
        } catch (error) {
          expect(error).toBeInstanceOf(LumenError);
          expect((error as Error).message).toContain(name);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('campaign input (CLI flags and the admin form): a draft or an Error with a message', () => {
    fc.assert(
      fc.property(
        fc.record({
          name: fc.string(),
          audience: fc.string(),
          window: fc.oneof(fc.string(), fc.constant('09:00-17:00')),
          quiet: fc.oneof(fc.string(), fc.constant('20:00-08:00')),
          reminders: fc.oneof(fc.string(), fc.constant('2h,1d')),
          perDay: fc.string(),
          perWeek: fc.string(),
          start: fc.string(),
        }),
        (input) => {
          const result = outcome(
            () => toDraft(input),
            (e) => e instanceof Error && e.message.length > 0,
          );
          expect(result === 'ok' || result === 'refused', String(result)).toBe(true);
          expect(() => parseAudience(input.audience)).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('document crackers: random bytes under every supported extension are cracked or refused with a CrackError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('.md', '.html', '.txt', '.pdf', '.docx', '.pptx', '.xlsx'),
        fc.uint8Array({ maxLength: 2_000 }),
        async (extension, bytes) => {
          try {
            await crackFile(`fuzz${extension}`, Buffer.from(bytes));
          } catch (error) {
            expect(error, String(error)).toBeInstanceOf(LumenError);
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it('Office zips, bombs included, with corrupted or lying headers: unpacked within the limit or refused with a CrackError', () => {
    const limit = 1024 * 1024;
    const samples = [docxBomb(20), xlsxBomb(20), docxBomb(0.5)];
    fc.assert(
      fc.property(
        fc.nat({ max: samples.length - 1 }),
        fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        (which, patches) => {
          const bytes = Buffer.from(samples[which]!);
          // Half the changes land in the last 300 bytes, where the table of contents is.
          for (const [nearEnd, at, value] of patches) {
            bytes[nearEnd ? bytes.length - 1 - (at % 300) : at % bytes.length] = value;
          }
          try {
            const parts = inflateZipParts('fuzz.docx', bytes, limit, () => true);
            const total = [...parts.values()].reduce((sum, part) => sum + part.length, 0);
            expect(total).toBeLessThanOrEqual(limit);
          } catch (error) {
            expect(error, String(error)).toBeInstanceOf(CrackError);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
