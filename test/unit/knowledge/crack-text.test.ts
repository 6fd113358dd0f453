import { describe, expect, it } from 'vitest';
import { crackText } from '../../../src/knowledge/crack/text.js';

describe('crack', () => {
  describe('crackText', () => {
    it('uses a short first line as title and keeps paragraphs in one section', () => {
      const doc = crackText(
        'notes.txt',
        Buffer.from('Office hours\r\n\r\nMonday  to Friday.\r\n\r\n\r\nClosed on holidays.\r\n'),
      );
      expect(doc.title).toBe('Office hours');
      expect(doc.sections).toEqual([
        { headingPath: [], text: 'Office hours\n\nMonday to Friday.\n\nClosed on holidays.' },
      ]);
    });

    it('falls back to the file name when the first line is long', () => {
      const doc = crackText('it/wifi_access.txt', Buffer.from(`${'word '.repeat(40)}\n\nmore`));
      expect(doc.title).toBe('Wifi Access');
    });

    it('returns no sections for an empty file', () => {
      expect(crackText('empty.txt', Buffer.from('  \n\n ')).sections).toEqual([]);
    });

    it('decodes UTF-16 files with a byte order mark', () => {
      const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Café rules', 'utf16le')]);
      expect(crackText('cafe.txt', bytes).title).toBe('Café rules');
    });
  });
});
