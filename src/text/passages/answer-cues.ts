/**
 * What kind of answer a question asks for, read from its wording, and whether a passage
 * holds that kind of thing: "how much" wants an amount, "how long" a duration, "who" a
 * person or team. A passage with the right kind of content is likelier to be the answer.
 */
export type AnswerKind = 'amount' | 'duration' | 'date' | 'contact' | 'name' | 'yes-no' | 'other';

const KIND_PATTERNS: [AnswerKind, RegExp][] = [
  [
    'duration',
    /\bhow (long|often|many (days|weeks|months|years|hours|times))\b|\bhow soon\b|\bdeadline\b|\bfrequency\b/i,
  ],
  [
    'amount',
    /\bhow (much|many|big|large|high)\b|\b(budget|stipend|allowance|limit|cost|price|rate|amount|percentage|percent|salary|reimburse\w*|cap|maximum|minimum|quota)\b|\b(pays?|paid|chip in) (for|toward|towards)\b|\b(expense|cover|covers)\b/i,
  ],
  // "When…" asks for a date; "…when I'm sick" only sets the scene.
  [
    'date',
    /(?:^|[,.;:?!]\s*|\b(?:and|but|so|then)\s+)when\b|\bwhen (do|does|did|is|are|was|will|would|can|should|must|have|has)\b|\bwhat (date|day|time|month)\b|\b(by|until|till) when\b/i,
  ],
  [
    'contact',
    /\bwho\b|\bwhom\b|\bcontact\b|\bemail\b|\breach out\b|\bphone number\b|\bwhere (do|can|should) i (go|ask|report|send)\b/i,
  ],
  [
    'name',
    /\b(which|what) (tool|platform|app|application|system|vendor|provider|service|software|site|website|company|portal|program|plan|form)\b|\bwhere can i (see|find|view|check)\b/i,
  ],
  ['yes-no', /^(can|do|does|did|is|are|am|will|would|should|may|must|could|has|have)\b/i],
];

/** The kind of answer a question asks for. */
export function answerKindOf(question: string): AnswerKind {
  const text = question.trim();
  for (const [kind, pattern] of KIND_PATTERNS) if (pattern.test(text)) return kind;
  return 'other';
}

const NUMBER_WORDS =
  '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|sixty|ninety)';
const UNIT =
  '(?:business |working |calendar |consecutive )?(?:days?|weeks?|months?|years?|hours?|minutes?|quarters?|yrs?|mos?|wks?|hrs?|mins?)';

const HOLDS: Record<AnswerKind, RegExp | undefined> = {
  amount: new RegExp(
    `[$€£¥]\\s?\\d|\\d[\\d,.]*\\s?(?:%|percent|usd|eur|gbp|cad|aud|dollars|euros|k\\b)|\\b\\d[\\d,.]*\\b|\\b${NUMBER_WORDS}\\b`,
    'i',
  ),
  duration: new RegExp(
    `\\b(?:\\d+(?:\\.\\d+)?|${NUMBER_WORDS})(?:\\s*(?:-|to|or)\\s*(?:\\d+|${NUMBER_WORDS}))?\\s*\\(?\\d*\\)?\\s*${UNIT}\\b|\\b(?:daily|weekly|monthly|quarterly|annually|yearly|once|twice|every|per (?:day|week|month|year))\\b`,
    'i',
  ),
  date: /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|q[1-4]|\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}|(?:first|last|end of the) (?:day|week|month|year)|before|after|within|by the)\b/i,
  contact:
    /@|\b(?:team|manager|partner|people ops|hr|support|helpdesk|channel|#[a-z-]+)\b|\+?\d[\d\s().-]{7,}\d/i,
  name: /(?<![.!?]\s|^)\b[A-Z][a-zA-Z0-9]+(?:[ -][A-Z][a-zA-Z0-9]+)*\b/,
  'yes-no':
    /\b(?:not|no|never|may|can|cannot|must|required|allowed|eligible|only|unless|except|need to|do not|don't)\b/i,
  other: undefined,
};

/** Whether a passage holds the kind of content the question asks for. */
export function holdsAnswerKind(text: string, kind: AnswerKind): boolean {
  const pattern = HOLDS[kind];
  return pattern ? pattern.test(text) : false;
}

const CAPITALIZED = /\b[A-Z][a-z][A-Za-z0-9]*\b/g;
/** Capitalised words that date something rather than name who or what. */
const CALENDAR_WORDS = new Set(
  `January February March April May June July August September October November December Jan Feb Mar Apr
Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday`.split(/\s+/),
);
const LOWERCASE_WORD = /\b[a-z][a-z0-9]*\b/g;

/**
 * The names that single out a unit among the sources: words always written with a capital,
 * in at most two of the sources and not in the question. "Which vendor runs the checks?" is
 * answered by the sentence naming the vendor, not by one naming the company every page names.
 */
export function distinctiveNames(
  units: readonly { source: number; text: string }[],
  question: string,
): Set<string> {
  const lower = new Set<string>();
  const sourcesOf = new Map<string, Set<number>>();
  for (const unit of units) {
    for (const word of unit.text.match(LOWERCASE_WORD) ?? []) lower.add(word);
    for (const name of unit.text.match(CAPITALIZED) ?? []) {
      const seen = sourcesOf.get(name) ?? new Set<number>();
      seen.add(unit.source);
      sourcesOf.set(name, seen);
    }
  }
  const asked = new Set(question.toLowerCase().match(LOWERCASE_WORD) ?? []);
  const names = new Set<string>();
  for (const [name, sources] of sourcesOf) {
    const word = name.toLowerCase();
    if (sources.size <= 2 && !lower.has(word) && !asked.has(word) && !CALENDAR_WORDS.has(name))
      names.add(name);
  }
  return names;
}

/** Whether a text names one of `names`. */
export function holdsName(text: string, names: ReadonlySet<string>): boolean {
  return (text.match(CAPITALIZED) ?? []).some((word) => names.has(word));
}
