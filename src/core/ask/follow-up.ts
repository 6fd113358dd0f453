import {
  type Alternative,
  type ExpandedTerm,
  type QueryExpander,
  SYNONYM_WEIGHT,
} from '../../text/expansion/index.js';
import { analyze } from '../../text/index.js';
import type { TurnRecord } from '../ports.js';

const CONTINUATION = /^(and|also|but|or|what about|how about|what if|same for|and if|then|so)\b/i;
const REFERENCE = /\b(it|its|that|this|those|these|they|them|their|there|he|she|one|ones|same)\b/i;
/** A continuation that names only a new subject: "and vision?", "what about for sales?". */
const ELLIPTICAL = /^(and|or|what about|how about|same for)\b/i;

/** How long an earlier question still frames a follow-up. */
const FOLLOW_UP_WINDOW_MS = 30 * 60 * 1000;

/**
 * Turns a follow-up ("and for families?") into a standalone query by restating the topic of
 * the previous question. A question that already stands on its own is returned unchanged.
 * Given the expander, a follow-up that only names a new subject replaces the previous
 * question's subject of the same kind: "and vision?" after a dental question drops dental.
 */
export function standaloneQuery(
  question: string,
  history: TurnRecord[],
  now: Date,
  expander?: QueryExpander,
): string {
  const previous = history.at(-1);
  if (!previous) return question;
  if (now.getTime() - previous.createdAt.getTime() > FOLLOW_UP_WINDOW_MS) return question;
  if (!isFollowUp(question)) return question;
  const topic =
    expander && isElliptical(question)
      ? withoutReplaced(previous.standaloneQuery, question, expander)
      : previous.standaloneQuery;
  return `${topic} ${question}`;
}

const SELF_CONTAINED =
  /^(how|what|when|where|who|which|why|can|do|does|is|are|am|will|should|may|could|would)\b/i;

/**
 * A short question that continues ("and…", "what about…"), points back ("does it…"), or
 * is a bare topic ("vision?"). A question with its own subject ("How do I reset my
 * password?", "And how long do I have to exercise my options?") starts a new topic however
 * short it is.
 */
export function isFollowUp(question: string): boolean {
  const text = question.trim();
  const content = analyze(text).length;
  if (CONTINUATION.test(text)) return content <= 8 && !startsAnew(text.replace(CONTINUATION, '').trim());
  if (REFERENCE.test(text)) return content <= 6;
  return content <= 2 && !SELF_CONTAINED.test(text);
}

/** A whole question of its own after a leading "and": a question word, a subject, no pointing back. */
function startsAnew(rest: string): boolean {
  return SELF_CONTAINED.test(rest) && !REFERENCE.test(rest) && analyze(rest).length >= 4;
}

/** A follow-up that names a subject and asks nothing else of its own. */
function isElliptical(question: string): boolean {
  const text = question.trim();
  return (ELLIPTICAL.test(text) || !SELF_CONTAINED.test(text)) && !REFERENCE.test(text);
}

/** The previous query without the concepts the follow-up names an alternative to. */
function withoutReplaced(previous: string, question: string, expander: QueryExpander): string {
  const named = expander.expand(question).filter((term) => term.kind);
  let topic = previous;
  for (const term of expander.expand(previous)) {
    if (named.some((other) => other.kind === term.kind && !synonymous(other, term))) {
      topic = topic.replace(new RegExp(`\\b${wordsPattern(term.text)}\\b`, 'i'), ' ');
    }
  }
  return topic.replace(/\s+/g, ' ').trim();
}

/**
 * Whether two concepts share a way of saying them. "All other teams" covers both, and two
 * cities lie in one country, so neither counts.
 */
function synonymous(a: ExpandedTerm, b: ExpandedTerm): boolean {
  const key = (alternative: { stems: string[] }) => alternative.stems.join(' ');
  const equivalent = (alternative: Alternative) =>
    alternative.weight !== SYNONYM_WEIGHT.catchAll && alternative.weight !== SYNONYM_WEIGHT.containingPlace;
  const keys = new Set(a.alternatives.filter(equivalent).map(key));
  return b.alternatives.filter(equivalent).some((alternative) => keys.has(key(alternative)));
}

/** A pattern for the words of `text` with any punctuation or spacing between them. */
function wordsPattern(text: string): string {
  return text
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\W+');
}
