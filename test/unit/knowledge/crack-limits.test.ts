import { randomBytes } from 'node:crypto';
import { Document, ImageRun, Packer, Paragraph } from 'docx';
import { describe, expect, it } from 'vitest';
import { crackFile } from '../../../src/knowledge/crack/index.js';
import { DEFAULT_FILE_LIMITS, type FileLimits } from '../../../src/knowledge/file-limits.js';
import { RefusedFileError } from '../../../src/knowledge/refused-file.js';
import { docxBomb, xlsxBomb } from '../../helpers/zip-bombs.js';
import { buildDocx } from './build-fixtures.js';

const MB = 1024 * 1024;

async function refusal(path: string, bytes: Buffer, limits: FileLimits = DEFAULT_FILE_LIMITS) {
  const error = await crackFile(path, bytes, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RefusedFileError);
  return error as RefusedFileError;
}

/** Patches every size an entry's headers claim to `claimed` bytes, as a hostile zip would. */
function lieAboutSizes(zip: Buffer, claimed: number): Buffer {
  const out = Buffer.from(zip);
  for (let at = 0; at + 4 <= out.length; at++) {
    const signature = out.readUInt32LE(at);
    if (signature === 0x04034b50) out.writeUInt32LE(claimed, at + 22);
    if (signature === 0x02014b50) out.writeUInt32LE(claimed, at + 24);
  }
  return out;
}

describe('crackFile limits: a hostile file is refused, never unpacked or read in full', () => {
  it('refuses a DOCX of about a megabyte that unpacks to 300 MB, before the converter sees it', async () => {
    const bomb = docxBomb(300);
    expect(bomb.length).toBeLessThan(1.2 * MB);
    const started = performance.now();
    const error = await refusal('finance/report.docx', bomb);
    expect(error.kind).toBe('too-large');
    expect(error.message).toMatch(
      /finance\/report\.docx.*unpacks to is over the limit of 8 MB.*LUMEN_MAX_INFLATED_MB/,
    );
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses an XLSX whose sheet unpacks to 190 MB', async () => {
    const error = await refusal('budget.xlsx', xlsxBomb(190));
    expect(error.kind).toBe('too-large');
    expect(error.message).toMatch(/budget\.xlsx/);
  });

  it('counts what entries really unpack to, not the sizes their headers claim', async () => {
    const error = await refusal('budget.xlsx', lieAboutSizes(xlsxBomb(20), 1000));
    expect(error.message).toMatch(/over the limit of 8 MB/);
  });

  it('applies the configured inflated-size limit, and reads files under it', async () => {
    const limits = { ...DEFAULT_FILE_LIMITS, maxInflatedBytes: 2 * MB };
    expect((await refusal('small-bomb.docx', docxBomb(3), limits)).message).toMatch(/limit of 2 MB/);
    const cracked = await crackFile('small.docx', docxBomb(1), limits);
    expect(cracked.sections[0]!.text).toMatch(/^Quarterly numbers are attached below\./);
  });

  it.each([
    ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
    ['jpg', [0xff, 0xd8, 0xff, 0xe0]],
  ] as const)(
    'does not count %s pictures, which are never read, against the inflated-size limit',
    async (type, signature) => {
      const picture = Buffer.concat([Buffer.from(signature), randomBytes(3 * MB)]);
      const docx = await Packer.toBuffer(
        new Document({
          sections: [
            {
              children: [
                new Paragraph('The floor plan is below.'),
                new Paragraph({
                  children: [
                    new ImageRun({ type, data: picture, transformation: { width: 10, height: 10 } }),
                  ],
                }),
              ],
            },
          ],
        }),
      );
      const cracked = await crackFile('plan.docx', docx, {
        ...DEFAULT_FILE_LIMITS,
        maxInflatedBytes: 1 * MB,
      });
      expect(cracked.sections.map((s) => s.text).join('\n')).toBe('The floor plan is below.');
    },
  );

  it('refuses a file over the size limit, naming it and the setting', async () => {
    const error = await refusal('notes.txt', Buffer.alloc(2 * MB, 'a'), {
      ...DEFAULT_FILE_LIMITS,
      maxFileBytes: 1 * MB,
    });
    expect(error.kind).toBe('too-large');
    expect(error.message).toMatch(/notes\.txt: the file is over the limit of 1 MB.*LUMEN_MAX_FILE_MB/);
  });

  it('refuses a file whose extracted text is over the text limit, for text and for Office files', async () => {
    const limits = { ...DEFAULT_FILE_LIMITS, maxTextBytes: 1024 };
    expect((await refusal('long.txt', Buffer.from('word '.repeat(1000)), limits)).message).toMatch(
      /long\.txt: its text is over the limit of 1 KB.*LUMEN_MAX_TEXT_MB/,
    );
    const docx = await buildDocx([{ text: 'A long sentence about expenses. '.repeat(100) }]);
    expect((await refusal('long.docx', docx, limits)).kind).toBe('too-large');
  });

  it('does not index binary noise as text', async () => {
    for (const path of ['noise.txt', 'noise.md', 'noise.html']) {
      const error = await refusal(path, randomBytes(64 * 1024));
      expect(error.kind).toBe('not-text');
      expect(error.message).toMatch(new RegExp(`${path.replace('.', '\\.')}: it is not text`));
    }
    expect((await refusal('zeros.txt', Buffer.alloc(4096))).kind).toBe('not-text');
  });

  it('still reads real text: UTF-16 with a byte order mark, and UTF-8 with a few stray bytes', async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Café hours\n\nOpen at 8.', 'utf16le'),
    ]);
    expect((await crackFile('cafe.txt', utf16)).sections[0]!.text).toBe('Café hours\n\nOpen at 8.');
    const latin1 = Buffer.from('Menu du caf\xe9: soupe, salade et dessert du jour.', 'latin1');
    expect((await crackFile('menu.txt', latin1)).sections[0]!.text).toMatch(/^Menu du caf/);
  });
});
