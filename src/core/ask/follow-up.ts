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

const SELF_CONTAINED =
  /^(how|what|when|where|who|which|why|can|do|does|is|are|am|will|should|may|could|would)\b/i;

/**
 * A short question that continues ("and…", "what about…"), points back ("does it…"), or
 * is a bare topic ("vision?"). A question with its own subject ("How do I reset my
 * password?") starts a new topic however short it is.
 */
export function isFollowUp(question: string): boolean {
  const text = question.trim();
  const content = analyze(text).length;
  if (CONTINUATION.test(text)) return content <= 8;
  if (REFERENCE.test(text)) return content <= 6;
  return content <= 2 && !SELF_CONTAINED.test(text);
}
