import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import PDFDocument from 'pdfkit';

/** One block of a generated PDF page: a heading (larger font), body text, or a running header. */
export type PdfBlockSpec =
  | { heading: string }
  | { text: string }
  | { header: string }
  | { table: string[][] };

/** Builds a PDF with pdfkit: one entry per page, each a list of headings and paragraphs. */
export function buildPdf(pages: PdfBlockSpec[][], info: { title?: string } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ autoFirstPage: false, info: info.title ? { Title: info.title } : {} });
    const parts: Buffer[] = [];
    doc.on('data', (part: Buffer) => parts.push(part));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    for (const blocks of pages) {
      doc.addPage({ size: 'LETTER', margin: 72 });
      for (const block of blocks) {
        if ('heading' in block) doc.font('Helvetica-Bold').fontSize(18).text(block.heading).moveDown(0.5);
        else if ('header' in block)
          doc.font('Helvetica').fontSize(9).text(block.header, 72, 36).text('', 72, 72);
        else if ('table' in block) {
          doc
            .font('Helvetica')
            .fontSize(10)
            .table({ position: { x: 72, y: doc.y }, data: block.table });
          doc.x = 72;
          doc.moveDown(1);
        } else doc.font('Helvetica').fontSize(11).text(block.text, { align: 'left' }).moveDown(1);
      }
    }
    doc.end();
  });
}

/** One paragraph of a generated DOCX: a heading of a level, or body text. */
export type DocxBlockSpec = { heading: string; level: 1 | 2 | 3 } | { text: string; bold?: string };

const LEVELS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

/** Builds a DOCX with the `docx` package from headings and paragraphs. */
export function buildDocx(blocks: DocxBlockSpec[]): Promise<Buffer> {
  const children = blocks.map((block) =>
    'heading' in block
      ? new Paragraph({ text: block.heading, heading: LEVELS[block.level] })
      : new Paragraph({
          children: [
            ...(block.bold ? [new TextRun({ text: `${block.bold} `, bold: true })] : []),
            new TextRun(block.text),
          ],
        }),
  );
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/** A fresh temporary directory and a function that removes it. */
export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lumen-knowledge-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
