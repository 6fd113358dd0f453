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
  const rewritten = text.replace(MARKER, (_, digits: string) => {
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
        snippet: snippet(source.snippet ?? chunk.text),
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

function snippet(text: string, max = 240): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20))}…`;
}
