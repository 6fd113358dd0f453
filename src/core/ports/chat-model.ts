import type { Passage } from '../../text/passages/index.js';
import type { Chunk } from '../knowledge-types.js';
import type { HealthCheck } from './health.js';

/** A source handed to the model, numbered as it must be cited. */
export interface NumberedSource {
  n: number;
  chunk: Chunk;
  /** Passage to show with the citation instead of the chunk's opening. */
  snippet?: string;
  /** The search's score for it (higher is better), when the index gives one. */
  score?: number;
}

export interface HistoryEntry {
  role: 'user' | 'assistant';
  text: string;
}

export interface AnswerRequest {
  question: string;
  /** The question rewritten to stand alone (equal to `question` when it already does). */
  standaloneQuestion: string;
  history: HistoryEntry[];
  sources: NumberedSource[];
  /** The best passage of each source, best first, when the core found them. */
  passages?: Passage[];
  locale?: string;
}

export interface ModelAnswer {
  /** Markdown with `[n]` markers referring to `sources`. */
  text: string;
  /** True when the sources did not support an answer. */
  abstained: boolean;
  model: string;
  promptVersion: string;
  usage?: { promptTokens: number; completionTokens: number };
  /** Short notice for the reader, e.g. that a fallback answered. */
  notice?: string;
  /** True when the text is passages of the sources as they are, put together without a model writing. */
  quoted?: boolean;
}

/** Writes answers from numbered sources. Implementations never state what no source says. */
export interface ChatModel {
  readonly name: string;
  answer(request: AnswerRequest, onPartial?: (textSoFar: string) => void): Promise<ModelAnswer>;
  /**
   * Rewrites a follow-up into a standalone search query; `undefined` when the model has no
   * opinion and the core's own rewrite should be used.
   */
  rewriteQuery?(question: string, history: HistoryEntry[]): Promise<string | undefined>;
  check(): Promise<HealthCheck>;
}
