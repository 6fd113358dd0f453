import { ConfigError } from '../core/errors.js';
import { toParagraphs } from '../text/index.js';
import { toFlowPieces } from './chunk-flow.js';
import type { Chunk, CrackedDocument, Section, SourceDocument } from './document.js';

/** The parts of a source document a chunk copies. */
export type ChunkedDocument = Pick<
  SourceDocument,
  'id' | 'source' | 'path' | 'url' | 'updatedAt' | 'hash' | 'acl' | 'title'
>;

/** Size limits for chunks, in characters. */
export interface ChunkOptions {
  /** Longest chunk text (default 1200). */
  maxChars?: number;
  /** How much of the previous chunk's end a chunk repeats when a section is split (default 200). */
  overlapChars?: number;
}

/** Default longest chunk text, in characters. */
export const DEFAULT_MAX_CHARS = 1200;
/** Default overlap between consecutive chunks of one section, in characters. */
export const DEFAULT_OVERLAP_CHARS = 200;

/** Whitespace after a sentence's end and before the next sentence's start. */
const SENTENCE_END = /(?<=[.!?…]["'”’)\]]*)\s+(?=[\p{Lu}\p{N}"“'‘([•-])/u;

/** Default chunk size for paged documents (PDF), which flow across page breaks. */
export const DEFAULT_PAGED_MAX_CHARS = 1000;
/** Default overlap for paged documents. */
export const DEFAULT_PAGED_OVERLAP_CHARS = 100;

/** Sections that will be chunked together. */
interface Group {
  headingPath: string[];
  page?: number;
  paragraphs: string[];
}

/**
 * Cuts a cracked document into chunks for the index. Paged documents (PDF) are read as
 * one flow: a chunk may run on past a page break and is cited by the page it starts on,
 * because a passage split at a page break is still one passage. Otherwise text never
 * crosses a top-level heading; small neighbouring sections under one top-level heading share a
 * chunk (each keeps its heading as a line); long sections are split at paragraph, then
 * line, then sentence boundaries, each piece repeating the end of the one before.
 * Whitespace is collapsed to single spaces within lines and single newlines between them.
 * Ids are `${documentId}#${ordinal}`, counting from 0.
 */
export function chunkDocument(
  doc: ChunkedDocument,
  cracked: CrackedDocument,
  options: ChunkOptions = {},
): Chunk[] {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const overlapChars = options.overlapChars ?? DEFAULT_OVERLAP_CHARS;
  if (!Number.isInteger(maxChars) || maxChars < 100) {
    throw new ConfigError(`Chunk maxChars must be an integer of at least 100, got ${maxChars}.`);
  }
  if (!Number.isInteger(overlapChars) || overlapChars < 0 || overlapChars > maxChars / 2) {
    throw new ConfigError(
      `Chunk overlapChars must be an integer from 0 to half of maxChars (${maxChars / 2}), got ${overlapChars}.`,
    );
  }

  const title = doc.title ?? cracked.title;
  const path = doc.path.replaceAll('\\', '/');
  const pageUrl = doc.url.replace(/#.*$/, '');
  const paged = cracked.sections.some((section) => section.page !== undefined);
  const pieces = paged
    ? toFlowPieces(
        cracked.sections,
        options.maxChars ?? DEFAULT_PAGED_MAX_CHARS,
        options.overlapChars ?? DEFAULT_PAGED_OVERLAP_CHARS,
      )
    : toGroups(cracked.sections, maxChars).flatMap((group) =>
        toPieces(group.paragraphs, maxChars, overlapChars).map((text) => ({ ...group, text })),
      );
  const chunks: Chunk[] = [];
  for (const piece of pieces) {
    const page = piece.page;
    chunks.push({
      id: `${doc.id}#${chunks.length}`,
      documentId: doc.id,
      source: doc.source,
      title,
      url: page === undefined ? doc.url : `${pageUrl}#page=${page}`,
      location: page === undefined ? path : `${path}#page=${page}`,
      ...(page === undefined ? {} : { page }),
      ...('pageStarts' in piece && piece.pageStarts ? { pageStarts: piece.pageStarts } : {}),
      headingPath: [...piece.headingPath],
      text: piece.text,
      updatedAt: doc.updatedAt,
      contentHash: doc.hash,
      acl: [...doc.acl],
    });
  }
  return chunks;
}

/**
 * Cleans sections and merges small neighbours that share a page and a top-level heading.
 * The top level is the first heading level at which the document's headings differ, so a
 * document whose only h1 is its title still splits at every h2.
 */
function toGroups(sections: Section[], maxChars: number): Group[] {
  const cleaned = sections
    .map((section) => ({ ...section, paragraphs: toParagraphs(section.text) }))
    .filter((section) => section.paragraphs.length > 0);
  const headed = cleaned.map((section) => section.headingPath).filter((path) => path.length > 0);
  const depth = commonPrefix(headed).length + 1;
  const keyOf = (section: Section) =>
    JSON.stringify([section.page ?? null, section.headingPath.slice(0, depth)]);

  const groups: { group: Group; key: string; sections: (Section & { paragraphs: string[] })[] }[] = [];
  for (const section of cleaned) {
    const key = keyOf(section);
    const last = groups[groups.length - 1];
    if (last && last.key === key) {
      const merged = mergeSections([...last.sections, section]);
      if (merged.paragraphs.join('\n').length <= maxChars) {
        last.sections.push(section);
        last.group = merged;
        continue;
      }
    }
    groups.push({ group: mergeSections([section]), key, sections: [section] });
  }
  return groups.map((entry) => entry.group);
}

/** One group from sections: their common heading path, each one's own heading as a line before its text. */
function mergeSections(sections: (Section & { paragraphs: string[] })[]): Group {
  const headingPath = commonPrefix(sections.map((section) => section.headingPath));
  const paragraphs = sections.flatMap((section) => {
    const own = section.headingPath.slice(headingPath.length);
    return own.length > 0 ? [own.join(' > '), ...section.paragraphs] : section.paragraphs;
  });
  return { headingPath, page: sections[0]?.page, paragraphs };
}

/** Packs paragraphs into pieces of at most `maxChars`, each repeating the previous piece's tail. */
function toPieces(paragraphs: string[], maxChars: number, overlapChars: number): string[] {
  const units: TextUnit[] = paragraphs.flatMap((paragraph) => splitToFit(paragraph, maxChars));
  const pieces: string[] = [];
  let current = '';
  for (const unit of units) {
    if (current.length === 0) {
      current = unit.text;
    } else if (current.length + 1 + unit.text.length <= maxChars) {
      current = `${current}${unit.joiner}${unit.text}`;
    } else {
      pieces.push(current);
      const overlap = tailForOverlap(
        current,
        // Never repeat more than half of a short piece, and leave room for the unit itself.
        Math.min(overlapChars, Math.floor(current.length / 2), maxChars - unit.text.length - 1),
      );
      current = overlap.length > 0 ? `${overlap}${unit.joiner}${unit.text}` : unit.text;
    }
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

function commonPrefix(paths: string[][]): string[] {
  const [first, ...rest] = paths;
  if (!first) return [];
  let length = first.length;
  for (const path of rest) {
    let i = 0;
    while (i < length && i < path.length && path[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length);
}

/** A piece of text small enough for a chunk, and how it attaches to the text before it. */
interface TextUnit {
  text: string;
  /** `\n` when the unit starts a line, a space when it continues one (a split sentence or word run). */
  joiner: '\n' | ' ';
}

/**
 * Splits a paragraph into units of at most `maxChars`: the whole paragraph when it fits,
 * else its lines, else a line's sentences, else runs of words, else hard cuts.
 */
function splitToFit(paragraph: string, maxChars: number): TextUnit[] {
  if (paragraph.length <= maxChars) return [{ text: paragraph, joiner: '\n' }];
  const units: TextUnit[] = [];
  for (const line of paragraph.split('\n')) {
    if (line.length <= maxChars) {
      units.push({ text: line, joiner: '\n' });
      continue;
    }
    const pieces = line.split(SENTENCE_END).flatMap((sentence) => splitLong(sentence, maxChars));
    pieces.forEach((text, index) => {
      units.push({ text, joiner: index === 0 ? '\n' : ' ' });
    });
  }
  return units;
}

/** Splits a sentence longer than `maxChars` into runs of whole words, cutting words only when one alone is too long. */
function splitLong(sentence: string, maxChars: number): string[] {
  if (sentence.length <= maxChars) return [sentence];
  const runs: string[] = [];
  let run = '';
  for (const word of sentence.split(' ')) {
    if (run.length > 0 && run.length + 1 + word.length <= maxChars) {
      run = `${run} ${word}`;
      continue;
    }
    if (run.length > 0) runs.push(run);
    run = word;
    while (run.length > maxChars) {
      runs.push(run.slice(0, maxChars));
      run = run.slice(maxChars);
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * The end of a piece to repeat at the start of the next one: at most `maxChars`, starting
 * at a sentence or line start when that keeps a useful amount, else at a word start.
 */
function tailForOverlap(text: string, maxChars: number): string {
  if (maxChars <= 0) return '';
  if (text.length <= maxChars) return text;
  const start = text.length - maxChars;
  const tail = text.slice(start);
  const boundary = /(?:[.!?…]["'”’)\]]*\s+|\n)(?=\S)/.exec(tail);
  if (boundary) {
    const rest = tail.slice(boundary.index + boundary[0].length);
    if (rest.length >= maxChars * 0.4) return rest.trim();
  }
  if (/\s/.test(text.charAt(start - 1))) return tail.trim();
  const space = tail.search(/\s/);
  return space < 0 ? '' : tail.slice(space).trim();
}
