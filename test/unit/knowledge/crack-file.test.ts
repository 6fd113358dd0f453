import { describe, expect, it } from 'vitest';
import { CrackError, UnsupportedFileError } from '../../../src/core/errors.js';
import {
  crackFile,
  humanizeFileName,
  isSupportedFile,
  SUPPORTED_EXTENSIONS,
} from '../../../src/knowledge/crack/index.js';
import { buildDocx, buildPdf } from './build-fixtures.js';

describe('crack', () => {
  describe('crackFile', () => {
    it('dispatches by extension, ignoring case', async () => {
      expect((await crackFile('A.MD', Buffer.from('# Hello\nworld'))).title).toBe('Hello');
      expect((await crackFile('a.HTM', Buffer.from('<title>T</title><p>x</p>'))).title).toBe('T');
      expect((await crackFile('a.txt', Buffer.from('Plain'))).title).toBe('Plain');
      expect((await crackFile('a.pdf', await buildPdf([[{ text: 'pdf text' }]]))).sections[0]!.text).toBe(
        'pdf text',
      );
      expect((await crackFile('a.docx', await buildDocx([{ text: 'docx text' }]))).sections[0]!.text).toBe(
        'docx text',
      );
    });

    it('throws UnsupportedFileError for other extensions', async () => {
      await expect(crackFile('sheet.numbers', Buffer.from(''))).rejects.toThrow(UnsupportedFileError);
      await expect(crackFile('sheet.numbers', Buffer.from(''))).rejects.toThrow(
        /unsupported file type \.numbers/,
      );
      await expect(crackFile('README', Buffer.from(''))).rejects.toThrow(UnsupportedFileError);
    });

    it('throws CrackError for broken files of supported types', async () => {
      await expect(crackFile('x.pdf', Buffer.from('nope'))).rejects.toThrow(CrackError);
      await expect(crackFile('x.docx', Buffer.from('nope'))).rejects.toThrow(CrackError);
      await expect(crackFile('x.pptx', Buffer.from('nope'))).rejects.toThrow(CrackError);
      await expect(crackFile('x.xlsx', Buffer.from('nope'))).rejects.toThrow(CrackError);
    });
  });

  describe('SUPPORTED_EXTENSIONS', () => {
    it('lists every format crackFile reads', () => {
      expect([...SUPPORTED_EXTENSIONS].sort()).toEqual([
        '.docx',
        '.htm',
        '.html',
        '.markdown',
        '.md',
        '.pdf',
        '.pptx',
        '.txt',
        '.xlsx',
      ]);
      expect(isSupportedFile('dir/File.PDF')).toBe(true);
      expect(isSupportedFile('dir/file.png')).toBe(false);
    });
  });

  describe('humanizeFileName', () => {
    it('turns separators into spaces and capitalises words', () => {
      expect(humanizeFileName('docs/Northwind_Standard_Benefits_Details.pdf')).toBe(
        'Northwind Standard Benefits Details',
      );
      expect(humanizeFileName('employee_handbook.pdf')).toBe('Employee Handbook');
      expect(humanizeFileName('PerksPlus.pdf')).toBe('PerksPlus');
    });
  });
});
