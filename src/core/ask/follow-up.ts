import { analyze } from '../../text/index.js';
import type { TurnRecord } from '../ports.js';

const CONTINUATION = /^(and|also|but|or|what about|how about|what if|same for|and if|then|so)\b/i;
const REFERENCE = /\b(it|its|that|this|those|these|they|them|their|there|he|she|one|ones|same)\b/i;

/** How long an earlier question still frames a follow-up. */
const FOLLOW_UP_WINDOW_MS = 30 * 60 * 1000;

/**
 * Turns a follow-up ("and for families?") into a standalone query by restating the topic of
 * the previous question. A question that already stands on its own is returned unchanged.
 */
export function standaloneQuery(question: string, history: TurnRecord[], now: Date): string {
  const previous = history.at(-1);
  if (!previous) return question;
  if (now.getTime() - previous.createdAt.getTime() > FOLLOW_UP_WINDOW_MS) return question;
  if (!isFollowUp(question)) return question;
  return `${previous.standaloneQuery} ${question}`;
}

/** A short question that continues ("and…", "what about…") or points back ("does it…"). */
export function isFollowUp(question: string): boolean {
  const content = analyze(question).length;
  if (CONTINUATION.test(question.trim())) return content <= 8;
  if (REFERENCE.test(question)) return content <= 5;
  return content <= 2;
}
