import { describe, expect, it } from 'vitest';
import { CrackError } from '../../../src/core/errors.js';
import { crackDocx } from '../../../src/knowledge/crack/docx.js';
import { buildDocx } from './build-fixtures.js';

describe('crack', () => {
  describe('crackDocx', () => {
    it('turns heading styles into sections with heading paths', async () => {
      const docx = await buildDocx([
        { heading: 'Travel policy', level: 1 },
        { text: 'Book flights through the portal.', bold: 'Note:' },
        { heading: 'Per diem', level: 2 },
        { text: 'Meals are covered up to 60 EUR a day.' },
        { text: 'Keep receipts.' },
      ]);
      const doc = await crackDocx('travel_policy.docx', docx);
      expect(doc.title).toBe('Travel policy');
      expect(doc.sections).toEqual([
        { headingPath: ['Travel policy'], text: 'Note: Book flights through the portal.' },
        {
          headingPath: ['Travel policy', 'Per diem'],
          text: 'Meals are covered up to 60 EUR a day.\n\nKeep receipts.',
        },
      ]);
    });

    it('falls back to the file name for the title when there is no h1', async () => {
      const docx = await buildDocx([{ heading: 'Scope', level: 2 }, { text: 'All staff.' }]);
      expect((await crackDocx('it/remote_work.docx', docx)).title).toBe('Remote Work');
    });

    it('throws CrackError naming the file when the DOCX is not a valid zip', async () => {
      const corrupt = Buffer.from('PK\u0003\u0004 this is not really a zip archive');
      await expect(crackDocx('broken.docx', corrupt)).rejects.toThrow(CrackError);
      await expect(crackDocx('broken.docx', corrupt)).rejects.toThrow(/broken\.docx/);
    });
  });
});
