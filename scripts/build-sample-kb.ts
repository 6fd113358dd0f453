/**
 * Builds the binary documents (PDF, DOCX) of the sample knowledge base from their Markdown
 * sources in `samples/sources/`, writing them under `samples/knowledge/`.
 *
 * Source format: YAML front matter (`title`, `output`, optional `subject` and `acl`), then
 * Markdown with `#`/`##`/`###` headings, paragraphs, `-` and `1.` lists, pipe tables,
 * inline `**bold**`, `*italic*` and `` `code` ``, and `<!-- page -->` lines as PDF page breaks.
 * A source with an `acl` also gets a `<file name>.meta.yaml` sidecar next to its output.
 *
 * Output is reproducible: fixed metadata dates and fixed ZIP timestamps, and files whose
 * bytes would not change are left untouched.
 *
 * Usage: npx tsx scripts/build-sample-kb.ts
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import PDFDocument from 'pdfkit';
import { parse as parseYaml } from 'yaml';

const SAMPLES_DIR = fileURLToPath(new URL('../samples/', import.meta.url));
const SOURCES_DIR = path.join(SAMPLES_DIR, 'sources');
const KNOWLEDGE_DIR = path.join(SAMPLES_DIR, 'knowledge');

/** Date stamped into every generated file's metadata, so rebuilds are byte-identical. */
const FIXED_DATE = new Date('2026-01-01T00:00:00Z');
const AUTHOR = 'Brightwater Labs';

// ---------------------------------------------------------------------------
// Source parsing
// ---------------------------------------------------------------------------

interface SourceMeta {
  title: string;
  output: string;
  subject?: string;
  acl?: string[];
}

type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: ListItem[] }
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'pageBreak' };

interface ListItem {
  text: string;
  /** 0 for a top-level item, 1 for an item nested under the previous one. */
  level: 0 | 1;
}

interface SourceDoc {
  file: string;
  meta: SourceMeta;
  blocks: Block[];
}

interface Run {
  text: string;
  bold: boolean;
  italic: boolean;
  code: boolean;
}

function splitFrontMatter(file: string, raw: string): { data: unknown; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(raw);
  if (!match) throw new Error(`${file}: missing YAML front matter`);
  return { data: parseYaml(match[1] ?? ''), body: raw.slice(match[0].length) };
}

function readMeta(file: string, data: unknown): SourceMeta {
  if (typeof data !== 'object' || data === null) throw new Error(`${file}: front matter must be a mapping`);
  const record = data as Record<string, unknown>;
  const { title, output, subject, acl } = record;
  if (typeof title !== 'string' || title.trim() === '')
    throw new Error(`${file}: front matter needs "title"`);
  if (typeof output !== 'string' || !/\.(pdf|docx)$/.test(output)) {
    throw new Error(`${file}: front matter "output" must be a .pdf or .docx path`);
  }
  const normalized = path.posix.normalize(output);
  if (normalized.startsWith('..') || path.posix.isAbsolute(normalized)) {
    throw new Error(`${file}: "output" must stay inside samples/knowledge`);
  }
  if (subject !== undefined && typeof subject !== 'string')
    throw new Error(`${file}: "subject" must be text`);
  if (acl !== undefined && !(Array.isArray(acl) && acl.every((p) => typeof p === 'string' && p !== ''))) {
    throw new Error(`${file}: "acl" must be a list of principals`);
  }
  const meta: SourceMeta = { title: title.trim(), output: normalized };
  if (subject !== undefined) meta.subject = subject;
  if (acl !== undefined) meta.acl = acl as string[];
  return meta;
}

const TABLE_ROW = /^\|(.*)\|\s*$/;
const TABLE_SEPARATOR = /^\|(\s*:?-{3,}:?\s*\|)+\s*$/;
const BULLET = /^[-*]\s+(.*)$/;
const NUMBERED = /^\d+[.)]\s+(.*)$/;
const HEADING = /^(#{1,3})\s+(.*)$/;
const PAGE_BREAK = /^<!--\s*page\s*-->$/i;

function tableCells(line: string): string[] {
  const inner = TABLE_ROW.exec(line)?.[1] ?? '';
  return inner.split('|').map((cell) => cell.trim());
}

/** Parses the small Markdown subset the sources use into blocks. */
function parseBlocks(body: string): Block[] {
  const lines = body.split(/\r?\n/);
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: ListItem[] } | null = null;

  const flush = (): void => {
    if (paragraph.length > 0) {
      blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
      paragraph = [];
    }
    if (list) {
      blocks.push({ kind: 'list', ordered: list.ordered, items: list.items });
      list = null;
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trimEnd();
    const trimmed = line.trim();

    if (trimmed === '') {
      flush();
      continue;
    }
    if (PAGE_BREAK.test(trimmed)) {
      flush();
      blocks.push({ kind: 'pageBreak' });
      continue;
    }
    const heading = HEADING.exec(trimmed);
    if (heading) {
      flush();
      const level = (heading[1] ?? '#').length as 1 | 2 | 3;
      blocks.push({ kind: 'heading', level, text: (heading[2] ?? '').trim() });
      continue;
    }
    if (TABLE_ROW.test(trimmed) && TABLE_SEPARATOR.test((lines[i + 1] ?? '').trim())) {
      flush();
      const header = tableCells(trimmed);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && TABLE_ROW.test((lines[i] ?? '').trim())) {
        rows.push(tableCells((lines[i] ?? '').trim()));
        i++;
      }
      i--;
      blocks.push({ kind: 'table', header, rows });
      continue;
    }
    const bullet = BULLET.exec(trimmed);
    const numbered = bullet ? null : NUMBERED.exec(trimmed);
    const indented = /^\s{2,}\S/.test(line);
    if (list && indented && (bullet || numbered)) {
      list.items.push({ text: ((bullet ?? numbered)?.[1] ?? '').trim(), level: 1 });
      continue;
    }
    if (list && indented) {
      const previous = list.items[list.items.length - 1];
      if (previous) previous.text = `${previous.text} ${trimmed}`;
      continue;
    }
    if (bullet || numbered) {
      const ordered = numbered !== null;
      const text = ((bullet ?? numbered)?.[1] ?? '').trim();
      if (paragraph.length > 0) {
        blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
        paragraph = [];
      }
      if (list && list.ordered !== ordered) {
        blocks.push({ kind: 'list', ordered: list.ordered, items: list.items });
        list = null;
      }
      list ??= { ordered, items: [] };
      list.items.push({ text, level: 0 });
      continue;
    }
    if (list) flush();
    paragraph.push(trimmed);
  }
  flush();
  return blocks;
}

/** Splits inline Markdown (`**bold**`, `*italic*`, `` `code` ``) into styled runs. */
function parseInline(text: string): Run[] {
  const runs: Run[] = [];
  const pattern = /\*\*(.+?)\*\*|\*(.+?)\*|`(.+?)`/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) runs.push({ text: text.slice(last, index), bold: false, italic: false, code: false });
    if (match[1] !== undefined) runs.push({ text: match[1], bold: true, italic: false, code: false });
    else if (match[2] !== undefined) runs.push({ text: match[2], bold: false, italic: true, code: false });
    else runs.push({ text: match[3] ?? '', bold: false, italic: false, code: true });
    last = index + match[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last), bold: false, italic: false, code: false });
  return runs.filter((run) => run.text !== '');
}

function plain(text: string): string {
  return parseInline(text)
    .map((run) => run.text)
    .join('');
}

async function loadSources(): Promise<SourceDoc[]> {
  const files = (await readdir(SOURCES_DIR)).filter((name) => name.endsWith('.md')).sort();
  const docs: SourceDoc[] = [];
  for (const file of files) {
    const raw = await readFile(path.join(SOURCES_DIR, file), 'utf8');
    const { data, body } = splitFrontMatter(file, raw);
    docs.push({ file, meta: readMeta(file, data), blocks: parseBlocks(body) });
  }
  const outputs = new Set<string>();
  for (const doc of docs) {
    if (outputs.has(doc.meta.output)) throw new Error(`${doc.file}: output ${doc.meta.output} is used twice`);
    outputs.add(doc.meta.output);
  }
  return docs;
}

// ---------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------

const PDF_MARGIN = { top: 64, bottom: 72, left: 64, right: 64 };
const PDF_FONTS = {
  regular: 'Helvetica',
  bold: 'Helvetica-Bold',
  italic: 'Helvetica-Oblique',
  code: 'Courier',
} as const;
const PDF_BODY_SIZE = 10.5;
const PDF_HEADING_SIZE: Record<1 | 2 | 3, number> = { 1: 22, 2: 15, 3: 12 };
const INK = '#1b2a3a';
const MUTED = '#5b6b7b';
const ACCENT = '#0b6e99';

function footerLabel(title: string): string {
  return title.startsWith(AUTHOR) ? title : `${AUTHOR} \u00b7 ${title}`;
}

function runFont(run: Run): string {
  if (run.code) return PDF_FONTS.code;
  if (run.bold) return PDF_FONTS.bold;
  if (run.italic) return PDF_FONTS.italic;
  return PDF_FONTS.regular;
}

function writeRuns(
  pdf: PDFKit.PDFDocument,
  text: string,
  x: number,
  width: number,
  size: number,
  color: string,
): void {
  const runs = parseInline(text);
  pdf.fillColor(color).fontSize(size);
  runs.forEach((run, index) => {
    pdf.font(runFont(run));
    const options: PDFKit.Mixins.TextOptions = {
      width,
      lineGap: 2,
      continued: index < runs.length - 1,
    };
    if (index === 0) pdf.text(run.text, x, pdf.y, options);
    else pdf.text(run.text, options);
  });
}

function ensureSpace(pdf: PDFKit.PDFDocument, needed: number): void {
  if (pdf.y + needed > pdf.page.height - PDF_MARGIN.bottom) pdf.addPage();
}

function renderPdf(doc: SourceDoc): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: PDF_MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    displayTitle: true,
    lang: 'en-GB',
    info: {
      Title: doc.meta.title,
      Author: AUTHOR,
      Subject: doc.meta.subject ?? doc.meta.title,
      Creator: 'Brightwater Labs sample knowledge base',
      CreationDate: FIXED_DATE,
      ModDate: FIXED_DATE,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const left = PDF_MARGIN.left;
  const width = pdf.page.width - PDF_MARGIN.left - PDF_MARGIN.right;
  let afterTitle = false;
  let atPageTop = true;

  for (const block of doc.blocks) {
    switch (block.kind) {
      case 'pageBreak':
        pdf.addPage();
        atPageTop = true;
        afterTitle = false;
        continue;
      case 'heading': {
        const size = PDF_HEADING_SIZE[block.level];
        ensureSpace(pdf, size * 4);
        if (!atPageTop && pdf.y > PDF_MARGIN.top) pdf.moveDown(block.level === 3 ? 0.4 : 0.8);
        pdf
          .font(PDF_FONTS.bold)
          .fontSize(size)
          .fillColor(block.level === 1 ? ACCENT : INK)
          .text(plain(block.text), left, pdf.y, { width });
        if (block.level === 1) {
          const y = pdf.y + 4;
          pdf
            .moveTo(left, y)
            .lineTo(left + width, y)
            .lineWidth(1)
            .strokeColor(ACCENT)
            .stroke();
          pdf.y = y + 8;
        } else {
          pdf.moveDown(0.3);
        }
        afterTitle = block.level === 1;
        break;
      }
      case 'paragraph':
        ensureSpace(pdf, PDF_BODY_SIZE * 3);
        writeRuns(
          pdf,
          block.text,
          left,
          width,
          afterTitle ? PDF_BODY_SIZE - 1 : PDF_BODY_SIZE,
          afterTitle ? MUTED : INK,
        );
        pdf.moveDown(0.6);
        break;
      case 'list': {
        const indent = 16;
        let number = 0;
        for (const item of block.items) {
          ensureSpace(pdf, PDF_BODY_SIZE * 2.5);
          const y = pdf.y;
          const x = left + item.level * indent;
          const marker = item.level > 0 ? '\u2013' : block.ordered ? `${++number}.` : '\u2022';
          pdf
            .font(PDF_FONTS.regular)
            .fontSize(PDF_BODY_SIZE)
            .fillColor(INK)
            .text(marker, x + 2, y, { width: indent, lineGap: 2 });
          pdf.y = y;
          writeRuns(pdf, item.text, x + indent, width - indent - (x - left), PDF_BODY_SIZE, INK);
          pdf.moveDown(0.25);
        }
        pdf.moveDown(0.4);
        break;
      }
      case 'table': {
        ensureSpace(pdf, PDF_BODY_SIZE * 6);
        const header = block.header.map((cell) => ({
          text: plain(cell),
          type: 'TH' as const,
          font: { src: PDF_FONTS.bold, size: PDF_BODY_SIZE - 1 },
          backgroundColor: '#e4eef4',
        }));
        const rows = block.rows.map((row) =>
          block.header.map((_, column) => ({
            text: plain(row[column] ?? ''),
            font: { src: PDF_FONTS.regular, size: PDF_BODY_SIZE - 1 },
          })),
        );
        pdf
          .fillColor(INK)
          .font(PDF_FONTS.regular)
          .fontSize(PDF_BODY_SIZE - 1);
        pdf.table({
          position: { x: left, y: pdf.y },
          maxWidth: width,
          defaultStyle: { padding: 4, border: 0.5, borderColor: '#9fb3c2' },
          data: [header, ...rows],
        });
        pdf.x = left;
        pdf.moveDown(0.8);
        break;
      }
    }
    atPageTop = false;
    if (block.kind !== 'heading') afterTitle = false;
  }

  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    const y = pdf.page.height - 44;
    pdf.font(PDF_FONTS.regular).fontSize(8.5).fillColor(MUTED);
    pdf.text(footerLabel(doc.meta.title), left, y, { width, align: 'left', lineBreak: false });
    pdf.text(`Page ${i + 1} of ${range.count}`, left, y, { width, align: 'right', lineBreak: false });
    pdf.page.margins.bottom = bottom;
  }
  pdf.flushPages();
  pdf.end();
  return done;
}

// ---------------------------------------------------------------------------
// DOCX
// ---------------------------------------------------------------------------

const DOCX_HEADINGS = {
  1: HeadingLevel.HEADING_1,
  2: HeadingLevel.HEADING_2,
  3: HeadingLevel.HEADING_3,
} as const;

function docxRuns(text: string): TextRun[] {
  return parseInline(text).map(
    (run) =>
      new TextRun({
        text: run.text,
        bold: run.bold,
        italics: run.italic,
        ...(run.code ? { font: 'Consolas' } : {}),
      }),
  );
}

function docxTable(block: Extract<Block, { kind: 'table' }>): Table {
  const columns = block.header.length;
  const cell = (text: string, header: boolean): TableCell =>
    new TableCell({
      width: { size: Math.floor(100 / columns), type: WidthType.PERCENTAGE },
      ...(header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E4EEF4' } } : {}),
      children: [
        new Paragraph({
          children: header ? [new TextRun({ text: plain(text), bold: true })] : docxRuns(text),
        }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: block.header.map((text) => cell(text, true)) }),
      ...block.rows.map(
        (row) => new TableRow({ children: block.header.map((_, column) => cell(row[column] ?? '', false)) }),
      ),
    ],
  });
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Core properties with fixed dates (the docx package stamps the current time otherwise). */
function coreProperties(meta: SourceMeta): string {
  const date = FIXED_DATE.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"',
    ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    `<dc:title>${xmlEscape(meta.title)}</dc:title>`,
    `<dc:subject>${xmlEscape(meta.subject ?? meta.title)}</dc:subject>`,
    `<dc:creator>${AUTHOR}</dc:creator>`,
    `<cp:lastModifiedBy>${AUTHOR}</cp:lastModifiedBy>`,
    '<cp:revision>1</cp:revision>',
    `<dcterms:created xsi:type="dcterms:W3CDTF">${date}</dcterms:created>`,
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${date}</dcterms:modified>`,
    '</cp:coreProperties>',
  ].join('');
}

/** Rewrites every ZIP entry's modification time to FIXED_DATE (local headers and central directory). */
function fixZipTimestamps(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  const dosTime = 0;
  const dosDate =
    ((FIXED_DATE.getUTCFullYear() - 1980) << 9) |
    ((FIXED_DATE.getUTCMonth() + 1) << 5) |
    FIXED_DATE.getUTCDate();
  let eocd = out.length - 22;
  while (eocd >= 0 && out.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('DOCX output is not a ZIP archive');
  const entries = out.readUInt16LE(eocd + 10);
  let offset = out.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (out.readUInt32LE(offset) !== 0x02014b50) throw new Error('Unexpected ZIP central directory layout');
    out.writeUInt16LE(dosTime, offset + 12);
    out.writeUInt16LE(dosDate, offset + 14);
    const local = out.readUInt32LE(offset + 42);
    if (out.readUInt32LE(local) !== 0x04034b50) throw new Error('Unexpected ZIP local header layout');
    out.writeUInt16LE(dosTime, local + 10);
    out.writeUInt16LE(dosDate, local + 12);
    offset +=
      46 + out.readUInt16LE(offset + 28) + out.readUInt16LE(offset + 30) + out.readUInt16LE(offset + 32);
  }
  return out;
}

async function renderDocx(doc: SourceDoc): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  let orderedLists = 0;
  let afterTitle = false;

  for (const block of doc.blocks) {
    switch (block.kind) {
      case 'pageBreak':
        children.push(new Paragraph({ pageBreakBefore: true, children: [] }));
        break;
      case 'heading':
        children.push(new Paragraph({ heading: DOCX_HEADINGS[block.level], children: docxRuns(block.text) }));
        break;
      case 'paragraph':
        children.push(
          new Paragraph({
            spacing: { after: 120 },
            children: afterTitle
              ? parseInline(block.text).map(
                  (run) => new TextRun({ text: run.text, bold: run.bold, italics: true, color: '5B6B7B' }),
                )
              : docxRuns(block.text),
          }),
        );
        break;
      case 'list': {
        const instance = block.ordered ? ++orderedLists : 0;
        for (const item of block.items) {
          children.push(
            new Paragraph({
              children: docxRuns(item.text),
              spacing: { after: 60 },
              ...(block.ordered && item.level === 0
                ? { numbering: { reference: 'ordered-list', level: 0, instance } }
                : { bullet: { level: item.level } }),
            }),
          );
        }
        break;
      }
      case 'table':
        children.push(docxTable(block));
        children.push(new Paragraph({ children: [] }));
        break;
    }
    afterTitle = block.kind === 'heading' && block.level === 1;
  }

  const document = new Document({
    title: doc.meta.title,
    subject: doc.meta.subject ?? doc.meta.title,
    creator: AUTHOR,
    lastModifiedBy: AUTHOR,
    styles: {
      default: {
        document: { run: { font: 'Calibri', size: 22 } },
      },
    },
    numbering: {
      config: [
        {
          reference: 'ordered-list',
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: '%1.',
              alignment: AlignmentType.START,
              style: { paragraph: { indent: { left: 720, hanging: 360 } } },
            },
          ],
        },
      ],
    },
    sections: [
      {
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [
                  new TextRun({
                    size: 16,
                    color: '5B6B7B',
                    children: [`${footerLabel(doc.meta.title)} \u00b7 Page `, PageNumber.CURRENT],
                  }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  const buffer = await Packer.toBuffer(document, false, [
    { path: 'docProps/core.xml', data: coreProperties(doc.meta) },
  ]);
  return fixZipTimestamps(buffer);
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

/** Writes the file only when its bytes differ; returns whether it was written. */
async function writeIfChanged(file: string, data: Buffer | string): Promise<boolean> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  try {
    if ((await readFile(file)).equals(bytes)) return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
  return true;
}

function sidecar(meta: SourceMeta, acl: string[]): string {
  return `title: ${JSON.stringify(meta.title)}\nacl: [${acl.join(', ')}]\n`;
}

async function build(): Promise<void> {
  const docs = await loadSources();
  for (const doc of docs) {
    const target = path.join(KNOWLEDGE_DIR, ...doc.meta.output.split('/'));
    const bytes = doc.meta.output.endsWith('.pdf') ? await renderPdf(doc) : await renderDocx(doc);
    const written = await writeIfChanged(target, bytes);
    const metaFile = `${target}.meta.yaml`;
    let metaNote = '';
    if (doc.meta.acl && doc.meta.acl.length > 0) {
      const metaWritten = await writeIfChanged(metaFile, sidecar(doc.meta, doc.meta.acl));
      metaNote = ` (acl: ${doc.meta.acl.join(', ')}${metaWritten ? ', sidecar written' : ''})`;
    } else {
      await rm(metaFile, { force: true });
    }
    const status = written ? 'written  ' : 'unchanged';
    console.log(`${status} ${doc.meta.output} [${(bytes.length / 1024).toFixed(1)} KB]${metaNote}`);
  }
}

build().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
