const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'etc',
  'vs',
  'mr',
  'mrs',
  'ms',
  'dr',
  'no',
  'approx',
  'inc',
  'ltd',
  'st',
]);

/**
 * Splits prose into sentences: at `.`, `!` or `?` followed by a capital or digit, and at
 * line breaks that end list items; abbreviations and decimals stay inside.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    let start = 0;
    const re = /[.!?]+["')\]]*\s+(?=["'([]?[\p{Lu}\d])/gu;
    for (const match of line.matchAll(re)) {
      const end = match.index + match[0].length;
      const candidate = line.slice(start, end).trim();
      const lastWord = /([\p{L}.]+)[.!?]+["')\]]*\s*$/u
        .exec(candidate)?.[1]
        ?.toLowerCase()
        .replace(/\.$/, '');
      if (lastWord && (ABBREVIATIONS.has(lastWord) || /^\p{L}$/u.test(lastWord))) continue;
      if (candidate) out.push(candidate);
      start = end;
    }
    const rest = line.slice(start).trim();
    if (rest) out.push(rest);
  }
  return out;
}
