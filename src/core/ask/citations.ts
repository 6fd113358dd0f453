import type { CitationRef, NumberedSource } from '../ports.js';
import type { Citation } from '../reply.js';

/** An answer whose `[n]` markers were checked against the sources and renumbered. */
export interface CitedAnswer {
  text: string;
  citations: Citation[];
  refs: CitationRef[];
}

const MARKER = /\[(\d{1,3})\]/g;

/**
 * Source text as it enters an answer: `[n]` written in a document (footnotes, a pasted
 * reference list, or a planted mark) becomes `(n)`, so only Lumen's own marks cite sources.
 */
export function withoutCitationMarks(text: string): string {
  return text.replace(MARKER, '($1)');
}

/** Sources with their text (and snippet) free of citation marks, numbered as given to the model. */
export function inertSources(sources: NumberedSource[]): NumberedSource[] {
  return sources.map((source) => ({
    ...source,
    chunk: { ...source.chunk, text: withoutCitationMarks(source.chunk.text) },
    ...(source.snippet ? { snippet: withoutCitationMarks(source.snippet) } : {}),
  }));
}

/**
 * Keeps only `[n]` markers that name a source the model was given, merges sources that
 * point at the same place (two chunks of one page), and renumbers in order of first use.
 */
export function resolveCitations(text: string, sources: NumberedSource[]): CitedAnswer {
  const bySourceNumber = new Map(sources.map((s) => [s.n, s]));
  const numberByUrl = new Map<string, number>();
  const citations: Citation[] = [];
  const refs: CitationRef[] = [];
  const rewritten = text.replace(MARKER, (_, digits: string, offset: number) => {
    const source = bySourceNumber.get(Number(digits));
    if (!source) return '';
    const { chunk } = source;
    let n = numberByUrl.get(chunk.url);
    if (n === undefined) {
      n = citations.length + 1;
      numberByUrl.set(chunk.url, n);
      citations.push({
        n,
        title: chunk.title,
        url: chunk.url,
        location: chunk.location,
        snippet: snippet(source.snippet ?? citedPassage(chunk.text, claimBefore(text, offset))),
        sourceSystem: chunk.source,
      });
      refs.push({ n, chunkId: chunk.id, title: chunk.title, location: chunk.location, url: chunk.url });
    }
    return `[${n}]`;
  });
  const tidy = rewritten
    .replace(/(\[\d+\])(?:\s*\1)+/g, '$1')
    .replace(/[ \t]+([.,;:])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
  return { text: tidy, citations, refs };
}

/** A sentence end, or a line end; a colon inside a line ("Per diem: CAD 85") ends nothing. */
const SENTENCE_END = /(?<=[.!?])\s+|\n+/;

/** The sentence of the answer a marker at `offset` closes: the claim its source supports. */
function claimBefore(text: string, offset: number): string {
  const pieces = text
    .slice(0, offset)
    .replace(MARKER, ' ')
    .split(SENTENCE_END)
    .filter((piece) => /\w/.test(piece));
  return pieces.at(-1) ?? '';
}

/** Words worth matching: three letters or more, or any number. */
function wordsOf(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/\p{L}{3,}|\d+(?:[.,]\d+)*/gu) ?? []);
}

/**
 * The passage of a chunk a claim cites: from the chunk sentence sharing the most words with
 * the claim, so the hover text and highlight show what supports the answer rather than the
 * chunk's opening. The whole chunk when nothing matches.
 */
export function citedPassage(chunkText: string, claim: string): string {
  const claimWords = wordsOf(claim);
  if (claimWords.size === 0) return chunkText;
  let best = { score: 0, at: 0 };
  let at = 0;
  for (const sentence of chunkText.split(SENTENCE_END)) {
    const start = chunkText.indexOf(sentence, at);
    at = start + sentence.length;
    let score = 0;
    for (const word of wordsOf(sentence)) if (claimWords.has(word)) score++;
    if (score > best.score) best = { score, at: start };
  }
  if (best.score === 0) return chunkText;
  return chunkText.slice(best.at + bestWindow(chunkText.slice(best.at), claimWords));
}

/** Words in a window over a long "sentence" (a table flattened to one line, a list without stops). */
const WINDOW_WORDS = 20;

/**
 * Where, in text that starts with the best sentence, the run of words most like the claim
 * begins: its start when the sentence is short, else the start of the best window.
 */
function bestWindow(text: string, claimWords: Set<string>): number {
  const sentence = text.split(SENTENCE_END)[0] ?? text;
  if (sentence.length <= 160) return 0;
  const words = [...sentence.matchAll(/\S+/g)];
  // The claim's words in each word of the sentence, found once for every window.
  const matching = words.map((word) => [...wordsOf(word[0])].filter((w) => claimWords.has(w)));
  let best = { score: 0, at: 0 };
  for (let i = 0; i < words.length; i++) {
    // A window starts at a matching word, not a bare number (a row's name, not its last cell).
    if (matching[i]!.length === 0 || /^[\d.,%()]+$/.test(words[i]![0])) continue;
    const seen = new Set<string>();
    for (const found of matching.slice(i, i + WINDOW_WORDS)) for (const w of found) seen.add(w);
    if (seen.size > best.score) best = { score: seen.size, at: words[i]!.index };
  }
  return best.at;
}

function snippet(text: string, max = 240): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20))}…`;
}
