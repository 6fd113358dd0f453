import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { CrackError } from '../../core/errors.js';
import type { CrackedDocument, Section } from '../document.js';
import { humanizeFileName } from './humanize-file-name.js';
import { bodyFontSize, type PdfBlock, toBlocks, wordSet } from './pdf-layout.js';
import { type PdfLine, type PdfTextRun, toPdfLines } from './pdf-lines.js';

type PdfPageProxy = Awaited<ReturnType<PDFDocumentProxy['getPage']>>;
type PdfTextItem = Awaited<ReturnType<PdfPageProxy['getTextContent']>>['items'][number];

const MAX_HEADING_DEPTH = 3;
/** Longest line that can be a running header or footer. */
const MAX_RUNNING_LINE = 100;

/**
 * Cracks a PDF into one section per page (`page` is 1-based) with lines rebuilt from
 * text positions. The heading path of a page is the heading in force where its text
 * starts (headings are lines set larger than body text), else the title. The title is
 * the document's Title metadata when meaningful, else the humanized file name.
 */
export async function crackPdf(path: string, bytes: Buffer): Promise<CrackedDocument> {
  // Loaded on first use: pdf.js is large, and listing or chunking never needs it.
  const { getDocument, VerbosityLevel } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({
    // pdf.js takes ownership of the array it is given, so hand it a copy.
    data: new Uint8Array(bytes),
    verbosity: VerbosityLevel.ERRORS,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    stopAtErrors: false,
  });
  try {
    let pdf: PDFDocumentProxy;
    try {
      pdf = await task.promise;
    } catch (error) {
      throw toCrackError(path, error);
    }
    const warnings: string[] = [];
    const pages: PdfLine[][] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      try {
        const page = await pdf.getPage(number);
        const content = await page.getTextContent();
        pages.push(toPdfLines(content.items.filter(isTextRun)));
        page.cleanup();
      } catch (error) {
        warnings.push(`page ${number}: ${error instanceof Error ? error.message : String(error)}`);
        pages.push([]);
      }
    }
    if (pdf.numPages > 0 && warnings.length === pdf.numPages) {
      throw new CrackError(path, `Could not read any page of PDF ${path}: ${warnings[0]}`);
    }
    const title = (await metadataTitle(pdf)) ?? humanizeFileName(path);
    const sections = toSections(dropRepeatedLines(pages), title);
    if (sections.length === 0 && pdf.numPages > 0) {
      warnings.push('no extractable text (a scanned PDF needs OCR before it can be indexed)');
    }
    const metadata: Record<string, unknown> = { pageCount: pdf.numPages };
    if (warnings.length > 0) metadata.warnings = warnings;
    return { title, sections, metadata };
  } finally {
    await task.destroy();
  }
}

function toSections(pages: PdfLine[][], title: string): Section[] {
  const body = bodyFontSize(pages);
  const words = wordSet(pages);
  const stack: { size: number; text: string }[] = [];
  const sections: Section[] = [];

  pages.forEach((lines, index) => {
    const blocks = toBlocks(lines, body, words);
    // Headings on a page without body text (a cover) would otherwise sit above every page.
    const cover = blocks.every((block) => block.kind === 'heading');
    let headingPath: string[] | undefined;
    for (const block of blocks) {
      if (block.kind === 'heading' && !cover) pushHeading(stack, block);
      // The page is labelled with the heading its first text sits under.
      headingPath ??=
        block.kind === 'paragraph' || block === blocks[blocks.length - 1] ? pathOf(stack) : undefined;
    }
    const text = blocks.map((block) => block.text).join('\n\n');
    if (text.trim().length === 0) return;
    const path = headingPath && headingPath.length > 0 ? headingPath : [title];
    sections.push({ headingPath: path, text, page: index + 1 });
  });
  return sections;
}

function pushHeading(stack: { size: number; text: string }[], block: PdfBlock): void {
  const text = block.text.replace(/\s+/g, ' ');
  const same = stack.findIndex((entry) => entry.text.toLowerCase() === text.toLowerCase());
  if (same >= 0) stack.splice(same);
  while (stack.length > 0 && stack[stack.length - 1]!.size <= block.size + 0.5) stack.pop();
  stack.push({ size: block.size, text });
  if (stack.length > MAX_HEADING_DEPTH) stack.splice(0, stack.length - MAX_HEADING_DEPTH);
}

function pathOf(stack: { text: string }[]): string[] {
  return stack.map((entry) => entry.text);
}

/**
 * Drops running headers and footers: among the first and last two lines of each page,
 * those at the same height with the same text (digits aside, so page numbers count as the
 * same) on more than half of the pages.
 */
function dropRepeatedLines(pages: PdfLine[][]): PdfLine[][] {
  if (pages.length < 3) return pages;
  const keyOf = (line: PdfLine) => `${Math.round(line.y)}|${line.text.replace(/\d+/g, '#')}`;
  const edges = (lines: PdfLine[]) =>
    new Set(
      [...lines.slice(0, 2), ...lines.slice(-2)].filter((line) => line.text.length <= MAX_RUNNING_LINE),
    );
  const counts = new Map<string, number>();
  for (const lines of pages) {
    for (const key of new Set([...edges(lines)].map(keyOf))) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const threshold = pages.length / 2;
  return pages.map((lines) => {
    const edge = edges(lines);
    return lines.filter((line) => !edge.has(line) || (counts.get(keyOf(line)) ?? 0) <= threshold);
  });
}

async function metadataTitle(pdf: PDFDocumentProxy): Promise<string | undefined> {
  try {
    const { info, metadata } = await pdf.getMetadata();
    const fromInfo = (info as { Title?: unknown }).Title;
    const candidates = [metadata?.get('dc:title'), typeof fromInfo === 'string' ? fromInfo : undefined];
    for (const candidate of candidates) {
      const title = meaningfulTitle(candidate);
      if (title) return title;
    }
  } catch {
    // Broken metadata is common and harmless: the file name stands in for the title.
  }
  return undefined;
}

/** A metadata title worth showing: not empty, not a placeholder, not a file name. */
function meaningfulTitle(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const title = value
    .replace(/^Microsoft (?:Word|PowerPoint|Excel) - /i, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (title.length < 3 || !/\p{L}/u.test(title)) return undefined;
  if (/^(?:untitled|document\d*|title|slide \d+|presentation\d*)$/i.test(title)) return undefined;
  if (/\.(?:docx?|pdf|pptx?|xlsx?|rtf|odt|txt|html?)$/i.test(title)) return undefined;
  return title;
}

function isTextRun(item: PdfTextItem): item is PdfTextItem & PdfTextRun {
  return 'str' in item;
}

function toCrackError(path: string, error: unknown): CrackError {
  const name = error instanceof Error ? error.name : '';
  const reason = (error instanceof Error ? error.message : String(error)).replace(/[.\s]+$/, '');
  if (name === 'PasswordException') {
    return new CrackError(path, `PDF ${path} is password-protected; remove the password to index it.`, {
      cause: error,
    });
  }
  return new CrackError(
    path,
    `Could not read PDF ${path}: ${reason}. The file may be damaged or not a PDF.`,
    {
      cause: error,
    },
  );
}
