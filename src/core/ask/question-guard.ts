import { InputError } from '../errors.js';

/** Longest question Lumen accepts, in characters. */
export const MAX_QUESTION_CHARS = 4000;

/**
 * Checks a question before any work is done: not empty, not enormous, not binary.
 * Returns the trimmed text or throws an InputError with a message safe to show.
 */
export function checkQuestion(raw: string): string {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (text.length === 0) {
    throw new InputError(
      'empty_question',
      'empty question',
      'Ask me a question and I will look it up for you.',
    );
  }
  if (text.length > MAX_QUESTION_CHARS) {
    throw new InputError(
      'question_too_long',
      `question of ${text.length} characters`,
      `That message is too long for me (${text.length.toLocaleString('en-US')} characters; the limit is ${MAX_QUESTION_CHARS.toLocaleString('en-US')}). Please ask a shorter question.`,
    );
  }
  // Control characters other than tab and newline, or the replacement character that
  // undecodable bytes turn into, mean this is not text someone typed.
  let binary = 0;
  for (let i = 0; i < text.length; i++) {
    if (isBinaryCodeUnit(text.charCodeAt(i))) binary++;
  }
  if (binary > 0 && binary / text.length > 0.01) {
    throw new InputError(
      'binary_question',
      'question contains binary data',
      'That message looks like binary data rather than text. Please type your question.',
    );
  }
  return text;
}

function isBinaryCodeUnit(code: number): boolean {
  const tab = 0x09;
  const newline = 0x0a;
  const carriageReturn = 0x0d;
  if (code === tab || code === newline || code === carriageReturn) return false;
  return code < 0x20 || code === 0x7f || code === 0xfffd;
}
