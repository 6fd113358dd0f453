import type { Principal } from './knowledge-types.js';
import type { Clock, KnowledgeIndex } from './ports.js';

/** A line that reads as a question someone would ask: a capital, 10 to 80 characters, a `?`. */
const QUESTION_LINE = /^[A-Z][^?\n]{9,79}\?$/;
/** How many documents are searched for questions, at most. */
const MAX_DOCUMENTS = 40;
const CACHE_MS = 10 * 60 * 1000;

/**
 * Example questions for an empty chat, drawn from the indexed knowledge a reader may see:
 * the FAQ-style headings and question lines of the documents, spread across them. Cached a
 * few minutes per set of principals; an index that cannot list or search gives none.
 */
export function createExampleQuestions(
  index: KnowledgeIndex,
  clock: Clock,
): (principals: Principal[], limit?: number) => Promise<string[]> {
  const cache = new Map<string, { at: number; questions: string[] }>();
  return async (principals, limit = 4) => {
    const key = [...principals].sort().join('\n');
    const cached = cache.get(key);
    const now = clock.now().getTime();
    if (cached && now - cached.at < CACHE_MS) return spread(cached.questions, limit);
    let found: string[];
    try {
      found = await questionsIn(index, principals);
    } catch {
      found = [];
    }
    cache.set(key, { at: now, questions: found });
    return spread(found, limit);
  };
}

async function questionsIn(index: KnowledgeIndex, principals: Principal[]): Promise<string[]> {
  const allowed = new Set(principals.map((p) => p.toLowerCase()));
  const documents = (await index.listDocuments(''))
    .filter((d) => d.acl.some((p) => allowed.has(p.toLowerCase())))
    .slice(0, MAX_DOCUMENTS);
  const found = new Set<string>();
  for (const document of documents) {
    // The document's own words (its path) find its passages; only what the reader may see comes back.
    const text = document.path
      .replace(/\.[a-z0-9]+$/i, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    if (!text) continue;
    for (const hit of await index.search({ text, principals, top: 10 })) {
      for (const line of [...hit.chunk.headingPath, ...hit.chunk.text.split('\n')]) {
        const candidate = line
          .replace(/^#+\s*/, '')
          .replace(/\*+/g, '')
          .trim();
        if (QUESTION_LINE.test(candidate)) found.add(candidate);
      }
    }
  }
  return [...found];
}

/** Up to `count` items evenly spaced through `items`, so examples cover different topics. */
function spread(items: string[], count: number): string[] {
  if (items.length <= count) return items;
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}
