import { porterStem } from './porter-stemmer.js';

/**
 * Changes whenever `analyze` would turn the same text into other tokens (stopwords, stems):
 * indexes written under another version analyse their chunks again when opened.
 */
export const ANALYSIS_VERSION = 4;

/** Words too common to say anything about what a passage is about. */
export const STOPWORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most my
myself no nor not now of off on once only or our ours ourselves out over own same she should so
some such than that the their theirs them themselves then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you your
yours yourself yourselves also get got may might must shall us let lets s t d ll m re ve o y
please know want need like cannot
wat wats whats hw u ur r pls plz thx im ive dont cant doesnt isnt wont didnt`.split(/\s+/),
);

/**
 * Words that frame a question rather than say what it is about ("Could you explain, according
 * to the document, …"). Dropped from queries only; documents keep them.
 */
export const QUESTION_FRAMING = new Set(
  `explain explane describe according mention mentioned outline outlined detailed provided information
considering specific specifically particular key document documents context regarding effectively especially
including various kind kinds type types give show allowed permitted okay ok possible other
folks guys anyone someone somebody anybody thing things stuff something anything everything somewhere anywhere
everywhere someplace wants compare compared comparison`.split(/\s+/),
);

/** Content tokens of a question: like `analyze`, without the words that only frame it. */
export function analyzeQuery(text: string): Token[] {
  const all = words(text);
  const chat = chatPositions(all);
  return analyze(text).filter(
    (t) =>
      !QUESTION_FRAMING.has(t.word) &&
      !chat.has(t.position) &&
      !(HOW_WHAT.has(t.word) && all[t.position - 1] === 'how'),
  );
}

/**
 * Positions (in `words`) of the words that are chat, not what is asked: chat phrases, and
 * a verb addressed to the reader ("can you tell me…", "help me with…").
 */
export function chatPositions(all: string[]): Set<number> {
  const positions = chatterPositions(all);
  all.forEach((word, i) => {
    if (ADDRESSED.has(word) && ADDRESSEES.has(all[i + 1] ?? '')) positions.add(i);
  });
  return positions;
}

/**
 * Phrases of chat that greet, thank, say how the asker feels, how long it has been or
 * roughly how many, never what the question is about ("hey, quick one:", "we've been trying
 * for ages with no luck", "just wondering", "off for a couple of days").
 */
const CHATTER = `for ages|for a while|for some time|with no luck|no luck|any luck|without luck|by the way
just wondering|i was wondering|i am wondering|out of curiosity|to be honest|quick question|real quick
any chance|at all|couple of|bunch of|handful of|lot of|lots of
hi|hey|hello|hiya|good morning|good afternoon|good evening|thanks|thank you|cheers|excuse me
sorry to bother you|sorry to bother|sorry to ask|quick one|one more thing|one more question
next week|next month|this week|this month|this summer|this winter|this weekend|tomorrow|today|right now`
  .split(/\||\n/)
  .map((phrase) => phrase.trim().split(' '));

/** Positions (in `words`) of the words that belong to a chat phrase. */
function chatterPositions(all: string[]): Set<number> {
  const positions = new Set<number>();
  for (const phrase of CHATTER) {
    for (let i = 0; i + phrase.length <= all.length; i++) {
      if (phrase.every((word, j) => all[i + j] === word))
        for (let j = 0; j < phrase.length; j++) positions.add(i + j);
    }
  }
  return positions;
}

/** Verbs that frame a request when addressed to the reader ("tell me about…", "help me with…"). */
const ADDRESSED = new Set(['tell', 'help']);
const ADDRESSEES = new Set(['me', 'us']);

/** "How long", "how much": they ask for a duration or an amount, not about length or quantity. */
const HOW_WHAT = new Set(['long', 'much', 'many', 'often', 'soon', 'far', 'big', 'large', 'high']);

/** A word as it appears in text, with its stem and position among all words. */
export interface Token {
  word: string;
  stem: string;
  position: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?(?:-[\p{L}\p{N}]+)*/gu;

/**
 * Lowercases, strips accents and splits text into words (numbers included). A hyphenated
 * compound yields its parts and then the joined form, so "out-of-network" is not just
 * "network" once stopwords are gone, and still matches "network".
 */
export function words(text: string): string[] {
  return wordRuns(text).flatMap((run) => run.words);
}

/** The words of one match of `WORD` in the text, and where the match ends. */
interface WordRun {
  words: string[];
  /** The text between the previous match and this one (punctuation, spaces). */
  before: string;
}

const PII_PLACEHOLDER = /<[A-Z][A-Z_]*>/g;
const PII_LABEL =
  /\b(?:credit card|card|e-?mail(?: address)?|address|phone|mobile|number|iban|account|ssn|nif|passport)(?:\s+(?:is|number))?\s*[:#]?\s*(?=<[A-Z][A-Z_]*>)/gi;

function wordRuns(text: string): WordRun[] {
  // Masked personal data (`<EMAIL_ADDRESS>`) says nothing about what is asked, nor does the
  // word that names it ("card <CREDIT_CARD>", "my number is <PHONE_NUMBER>"). Only text with
  // a "<" can hold any: most of what is tokenized (every chunk indexed) is spared the patterns.
  const unmasked = text.includes('<') ? text.replace(PII_LABEL, ' ').replace(PII_PLACEHOLDER, ' ') : text;
  const normalized = unmasked
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const runs: WordRun[] = [];
  let end = 0;
  for (const match of normalized.matchAll(WORD)) {
    const before = normalized.slice(end, match.index);
    end = match.index + match[0].length;
    const word = /['’]/.test(match[0]) ? expandContraction(match[0]).replace(/['’]/g, '') : match[0];
    const parts = word.split('-').filter(Boolean);
    runs.push({ words: parts.length > 1 ? [...parts, parts.join('')] : [word], before });
  }
  return runs;
}

/** Words that open a clause saying when, where or on what condition, not what is asked. */
const SUBORDINATORS = new Set([
  'if',
  'when',
  'whenever',
  'while',
  'where',
  'because',
  'since',
  'unless',
  'although',
  'though',
  'once',
]);
/** Prepositions whose phrase places the question (on weekends, at the airport, in Japan). */
const PLACING_PREPOSITIONS = new Set([
  'on',
  'at',
  'in',
  'into',
  'from',
  'over',
  'during',
  'near',
  'across',
  'around',
  'through',
  'after',
  'before',
  'within',
  'without',
]);

/**
 * Positions among `words(text)` that qualify a question rather than say what it asks: the
 * statements before the question in a message of several sentences ("My mom is sick. What
 * are my options?"), a clause opened by if/when/while… up to its comma, and a phrase opened
 * by a placing preposition ("…on weekends", "…at the airport") up to the next punctuation.
 */
export function qualifyingPositions(text: string): Set<number> {
  const runs = wordRuns(text);
  const asks = /\?/.test(text);
  const sentences: WordRun[][] = [[]];
  for (const run of runs) {
    if (/[.!?]/.test(run.before) && sentences.at(-1)!.length > 0) sentences.push([]);
    sentences.at(-1)!.push(run);
  }
  const positions = new Set<number>();
  let position = 0;
  sentences.forEach((sentence, s) => {
    const last = s === sentences.length - 1;
    const endsAsking = last ? /\?\s*$/.test(text) : /\?/.test(sentences[s + 1]![0]!.before);
    const context = asks && sentences.length > 1 && !endsAsking;
    let qualifying = false;
    sentence.forEach((run, i) => {
      if (/[,;:]/.test(run.before)) qualifying = false;
      const word = run.words[0]!;
      // A leading "when"/"where" asks; it opens a clause only when a comma closes one.
      const opensClause =
        SUBORDINATORS.has(word) && (i > 0 || sentence.slice(1).some((r) => /,/.test(r.before)));
      if (opensClause || PLACING_PREPOSITIONS.has(word)) qualifying = true;
      for (const _ of run.words) {
        if (context || qualifying) positions.add(position);
        position++;
      }
    });
  });
  return positions;
}

/** Irregular negative contractions; the rest lose their `n't`. */
const NEGATIVE_CONTRACTIONS: Record<string, string> = { "won't": 'will', "can't": 'can', "shan't": 'shall' };

/**
 * The word a contraction is built on: "can't" → "can", "doesn't" → "does", "I've" → "i",
 * "company's" → "company". The dropped parts (not, have, is…) are stopwords anyway, and
 * left joined ("cant", "ive") they would be words no document contains.
 */
function expandContraction(word: string): string {
  const plain = word.replaceAll('’', "'");
  const irregular = NEGATIVE_CONTRACTIONS[plain];
  if (irregular) return irregular;
  return plain.replace(/n't$/, '').replace(/'(s|ve|m|re|ll|d)$/, '');
}

/** Stems already worked out: the same few thousand words come up in every question. */
const stems = new Map<string, string>();
const STEMS_KEPT = 50_000;

/**
 * Words the Porter stemmer cuts to the stem of an unrelated word ("several" and "severance"
 * both to "sever", "news" to "new", "busy" and "business" to "busi"), with their own stem.
 */
const OVERSTEMMED = new Map(
  Object.entries({
    several: ['several'],
    severe: ['severe', 'severely', 'severity'],
    severance: ['severance'],
    generous: ['generous', 'generously', 'generosity'],
    news: ['news'],
    business: ['business', 'businesses'],
    busy: ['busy'],
    experiment: ['experiment', 'experiments', 'experimental', 'experimenting'],
    authority: ['authority', 'authorities'],
    community: ['community', 'communities'],
    university: ['university', 'universities'],
    universe: ['universe'],
  }).flatMap(([own, forms]) => forms.map((form) => [form, own] as const)),
);

/** Stems a lowercase word; numbers and very short words stay as they are. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    if (stems.size >= STEMS_KEPT) stems.clear();
    stemmed = OVERSTEMMED.get(word) ?? porterStem(word);
    stems.set(word, stemmed);
  }
  return stemmed;
}

/**
 * Short texts analyzed lately (sentences, titles, headings of the sources questions keep
 * retrieving), so answering does not analyze the same sentences again for every question.
 */
const analyzed = new Map<string, Token[]>();
const ANALYZED_KEPT = 2_000;
const ANALYZED_MAX_CHARS = 600;

/**
 * Content tokens of a text: stopwords dropped, each word stemmed, positions kept. The
 * result may be shared with other callers and is frozen: copy it to change it.
 */
export function analyze(text: string): Token[] {
  if (text.length > ANALYZED_MAX_CHARS) return tokensOf(text);
  let tokens = analyzed.get(text);
  if (!tokens) {
    if (analyzed.size >= ANALYZED_KEPT) analyzed.delete(analyzed.keys().next().value as string);
    tokens = Object.freeze(tokensOf(text).map((t) => Object.freeze(t))) as Token[];
    analyzed.set(text, tokens);
  }
  return tokens;
}

function tokensOf(text: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  for (const word of words(text)) {
    if (!STOPWORDS.has(word)) tokens.push({ word, stem: stem(word), position });
    position++;
  }
  return tokens;
}

/** The stems of a text joined by spaces: what the full-text index stores. */
export function toIndexTerms(text: string): string {
  return analyze(text)
    .map((t) => t.stem)
    .join(' ');
}

/** Marks a stopword's place in a packed token string, so positions survive packing. */
const GAP = '_';

/** Tokens packed as one string (stems in order, `_` for dropped words), to store and unpack cheaply. */
export function packTokens(tokens: Token[]): string {
  const slots: string[] = [];
  for (const token of tokens) {
    while (slots.length < token.position) slots.push(GAP);
    slots.push(token.stem);
  }
  return slots.join(' ');
}

/** Chunks' unpacked positions lately asked for: the same chunks come back for many questions. */
const unpacked = new Map<string, ReadonlyMap<string, readonly number[]>>();
const UNPACKED_KEPT = 1_000;

/** Positions of each stem in a packed token string; shared with other callers, so read only. */
export function unpackPositions(packed: string): ReadonlyMap<string, readonly number[]> {
  let positions = unpacked.get(packed);
  if (!positions) {
    if (unpacked.size >= UNPACKED_KEPT) unpacked.delete(unpacked.keys().next().value as string);
    positions = positionsOf(packed);
    unpacked.set(packed, positions);
  }
  return positions;
}

function positionsOf(packed: string): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  packed.split(' ').forEach((stem, position) => {
    if (stem === GAP || stem === '') return;
    const list = positions.get(stem);
    if (list) list.push(position);
    else positions.set(stem, [position]);
  });
  return positions;
}

/**
 * Stems of verbs that carry a question's grammar more than its topic ("what comes in the
 * kit?", "what happens to my options?", "how often are awards given?"): they weigh little
 * in a question, and alone they are no synonym of a phrase ("see" of "see what I do").
 * Irregular forms are listed, since stemming leaves them as they are.
 */
export const GRAMMAR_VERBS: ReadonlySet<string> = new Set(
  `come came go goe gone went take taken took make made give given put keep let see seen saw say said
happen run ran handl find`.split(/\s+/),
);

/**
 * Stems of nouns every policy uses ("the company", "the policy on…", "a … scheme"): they name
 * a topic, but hardly tell one page from another.
 */
export const GENERIC_NOUNS: ReadonlySet<string> = new Set([
  'compani',
  'scheme',
  'polici',
  'program',
  'programm',
]);

/** A grammar verb or a generic noun: alone, it is no synonym of a phrase and no topic of a question. */
export function isLightWord(stem: string): boolean {
  return GRAMMAR_VERBS.has(stem) || GENERIC_NOUNS.has(stem);
}
