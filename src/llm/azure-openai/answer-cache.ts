import { createHash } from 'node:crypto';
import type { AnswerRequest, ModelAnswer } from '../../core/ports.js';

/**
 * Answers remembered for repeated identical questions. The key covers the prompt version,
 * the question and every source given (id and content hash), so the same question over
 * the same sources (which the asker's rights decided) gets the same answer without a
 * model call, and any change in the sources or the prompt misses.
 */
export class AnswerCache {
  private readonly entries = new Map<string, { answer: ModelAnswer; expires: number }>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cache key of a request answered with a given prompt version. */
  static key(request: AnswerRequest, promptVersion: string): string {
    const hash = createHash('sha256');
    hash.update(promptVersion);
    hash.update('\u0000');
    hash.update(request.question.trim().replace(/\s+/g, ' ').toLowerCase());
    hash.update('\u0000');
    hash.update(request.standaloneQuestion.trim().replace(/\s+/g, ' ').toLowerCase());
    for (const source of request.sources) {
      hash.update(`\u0000${source.n}\u0001${source.chunk.id}\u0001${source.chunk.contentHash}`);
      hash.update(`\u0001${[...source.chunk.acl].sort().join(',')}`);
    }
    return hash.digest('hex');
  }

  get(key: string): ModelAnswer | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.expires <= this.now()) {
      if (entry) this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    // Re-insert so the map's order is least recently used first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry.answer;
  }

  set(key: string, answer: ModelAnswer): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { answer, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
