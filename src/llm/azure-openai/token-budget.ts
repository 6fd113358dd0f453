import type { NumberedSource } from '../../core/ports.js';

/**
 * Estimated tokens of a text for GPT-4-class tokenizers: about four characters of English
 * per token, with a floor per word so short-word and non-Latin text is not underestimated.
 * Used only to decide what fits; the recorded usage comes from the service.
 */
export function estimateTokens(text: string): number {
  if (!text) return 0;
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.ceil(Math.max(text.length / 4, words * 1.3));
}

/** How the prompt is budgeted, in tokens. */
export interface TokenBudget {
  /** The deployment's context window. */
  contextTokens: number;
  /** Most tokens the sources may take, whatever the window. */
  sourceTokens: number;
  /** Tokens kept free for the answer (`max_tokens`). */
  answerTokens: number;
}

/** Overhead per source for its tags and attributes, and per message. */
const SOURCE_OVERHEAD = 30;
const MESSAGE_OVERHEAD = 60;

/**
 * The sources that fit next to the fixed part of the prompt with room for the answer:
 * whole sources in rank order; the first one is cut to fit rather than dropped, so a
 * long best source still grounds the answer.
 */
export function fitSources(
  sources: NumberedSource[],
  fixedText: string,
  budget: TokenBudget,
): { sources: NumberedSource[]; dropped: number } {
  const room = Math.min(
    budget.sourceTokens,
    budget.contextTokens - budget.answerTokens - estimateTokens(fixedText) - MESSAGE_OVERHEAD,
  );
  const kept: NumberedSource[] = [];
  let used = 0;
  for (const source of sources) {
    const cost = estimateTokens(source.chunk.text) + SOURCE_OVERHEAD;
    if (used + cost <= room) {
      kept.push(source);
      used += cost;
      continue;
    }
    if (kept.length === 0 && room > SOURCE_OVERHEAD + 20) {
      const chars = Math.floor((room - SOURCE_OVERHEAD) * 3.5);
      kept.push({ ...source, chunk: { ...source.chunk, text: source.chunk.text.slice(0, chars) } });
    }
    break;
  }
  return { sources: kept, dropped: sources.length - kept.length };
}
