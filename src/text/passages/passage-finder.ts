import type { ExpandedTerm, QueryExpander } from '../expansion/index.js';
import {
  analyze,
  GENERIC_NOUNS,
  GRAMMAR_VERBS,
  isLightWord,
  qualifyingPositions,
  stem,
  words,
} from '../index.js';
import { TypoCorrector } from '../typo-corrector.js';
import {
  type AnswerKind,
  answerKindOf,
  distinctiveNames,
  holdsAnswerKind,
  holdsName,
} from './answer-cues.js';
import { type Unit, unitsOf, unitsText } from './passage-units.js';

/** A source as the answerer reads it. */
export interface PassageSource {
  n: number;
  text: string;
  /** The search's score for the source, to prefer what it ranked higher. */
  score: number;
  /** Title and headings above the passage: context that counts for a little. */
  context: string;
  /**
   * The last heading when it asks a question (an FAQ entry): context only for the text up
   * to the next question the source asks, whose answer it does not frame.
   */
  framing?: string;
}

/** The contiguous span of one source chosen as the answer. */
export interface Passage {
  source: number;
  rank: number;
  units: Unit[];
  /** Share of the (weighted) question the span and its headings hold. */
  coverage: number;
  /** Share of the weighted question in terms none of the sources holds in any form. */
  absent: number;
  /** Share of the weighted question the source's title and headings name: what the page is about. */
  topic: number;

  score: number;
}

/** A question term with its weight in this set of sources. */
interface WeightedTerm {
  term: ExpandedTerm;
  weight: number;
}

const MAX_WINDOW = 3;
const NO_CONTEXT: ReadonlySet<string> = new Set();
/** A heading or title naming a term counts this much of a unit that names it. */
const CONTEXT_SHARE = 0.75;
const TYPO_WEIGHT = 0.9;
const FOCUS_BOOST = 2;
/** What a verb that carries only the question's grammar counts of a topic word. */
const LIGHT_VERB_SHARE = 0.1;
/** What a noun every policy uses ("company") counts of a topic word. */
const GENERIC_NOUN_SHARE = 0.3;
const QUALIFYING_ABSENT_SHARE = 0.4;
/** How much holding what the question asks for (an amount, a name) counts. */
const KIND_BONUS: Record<AnswerKind, number> = {
  amount: 0.2,
  duration: 0.2,
  date: 0.15,
  contact: 0.15,
  name: 0.15,
  'yes-no': 0.05,
  other: 0,
};
const RANK_PENALTY = 0.06;
const SPECIFIC_KINDS = new Set<AnswerKind>(['amount', 'duration', 'date', 'contact', 'name']);
const MISSING_KIND_FACTOR = 0.75;

/** Whether a line or heading asks a question ("…?", "Q: …"), as an FAQ entry does. */
export function asksQuestion(text: string): boolean {
  return /\?\s*$/.test(text) || /^Q\s*[:.]/.test(text);
}

/** A question in a source (an FAQ entry): it frames the answer that follows, never is one. */
function isQuestion(unit: Unit): boolean {
  return asksQuestion(unit.text) || isAskingHeading(unit);
}

/** A heading line that asks without a question mark: "Where does the budget come from". */
function isAskingHeading(unit: Unit): boolean {
  return unit.lineStart && !unit.item && asksAsHeading(unit.text);
}

/**
 * Whether a heading asks, with a question mark or without ("How many days you get", "Where
 * does the budget come from"): the section under it answers that question.
 */
export function asksAsHeading(text: string): boolean {
  return (
    asksQuestion(text) ||
    (/^(what|where|when|who|how|why|which)\b/i.test(text) &&
      !/[.!:;,]$/.test(text) &&
      text.split(/\s+/).length <= 10)
  );
}
const RETRIEVAL_PRIOR = 0.15;
/** How much a source's own question counts, times the share of the asker's question it holds. */
const FAQ_BONUS = 0.15;

/** The passage as Markdown: prose joined, list items and rows on their own lines. */
export function passageText(passage: Passage): string {
  return unitsText(passage.units);
}

/**
 * The best passage of each source, best first (see `findPassage`).
 */
export function findPassages(
  question: string,
  focus: string | undefined,
  sources: PassageSource[],
  expander: QueryExpander,
): Passage[] {
  const unitsBySource = sources.map((source, rank) => unitsOf(source, rank));
  const all = unitsBySource.flat();
  if (all.length === 0) return [];
  const terms = weightTerms(question, focus, all, expander);
  const total = terms.reduce((sum, t) => sum + t.weight, 0);
  if (total === 0) return [];
  // A follow-up that only names a new subject ("and in sales?") asks what the question it follows asked.
  const latestKind = answerKindOf(focus ?? question);
  const kind = latestKind === 'other' ? answerKindOf(question) : latestKind;
  const names = kind === 'name' ? distinctiveNames(all, question) : undefined;
  // A number the question itself names ("my 401(k)", "in 2024") is not the figure it asks for.
  const askedNumbers = new Set(question.match(/\d[\d,.]*/g) ?? []);
  const unasked = (text: string) =>
    askedNumbers.size === 0 ? text : text.replace(/\d[\d,.]*/g, (n) => (askedNumbers.has(n) ? '' : n));
  const holdsOwn = (unit: Unit) =>
    names ? holdsName(unit.text, names) : holdsAnswerKind(unasked(unit.text), kind);
  // A line that introduces a list ("The timeline is as follows:") holds what its items hold.
  const holds = (unit: Unit) =>
    holdsOwn(unit) ||
    (introducesList(unit, unitsBySource[unit.rank]!) &&
      listAfter(unit, unitsBySource[unit.rank]!).some(holdsOwn));
  const topScore = Math.max(...sources.map((s) => s.score), Number.EPSILON);
  const absent =
    terms
      .filter(
        (t) => !all.some((unit) => presenceIn(t.term, unit.stems, unit.row?.headerStems ?? NO_CONTEXT) > 0),
      )
      .reduce((sum, t) => sum + t.weight, 0) / total;
  const pairs = numberedPairs(terms);
  // A source's question asks something else when it names what the asker's question does not.
  const askedStems = new Set(terms.flatMap((t) => t.term.alternatives.flatMap((a) => a.stems)));
  const asksOtherwise = (question: Unit) =>
    expander
      .expand(question.text.replace(/^Q\s*[:.]\s*/i, ''))
      .map((term) => term.alternatives[0]!.stems)
      .some((stems) => !stems.every((stem) => askedStems.has(stem) || isLightWord(stem)));
  const passages: Passage[] = [];
  sources.forEach((source, rank) => {
    const units = unitsBySource[rank]!;
    const context = new Set(analyze(`${source.context} ${source.framing ?? ''}`).map((t) => t.stem));
    const afterFraming = new Set(analyze(source.context).map((t) => t.stem));
    const nextQuestion = source.framing ? units.findIndex(isQuestion) : -1;
    const presence = units.map((unit) => {
      const around = nextQuestion !== -1 && unit.index >= nextQuestion ? afterFraming : context;
      const unitContext = unit.row ? new Set([...around, ...unit.row.headerStems]) : around;
      return terms.map((t) => {
        const pair = pairs.get(t);
        if (pair) return pair.test(unit.text) ? 1 : pair.test(source.context) ? CONTEXT_SHARE : 0;
        const present = presenceIn(t.term, unit.stems, unitContext);
        return present === 0 && t.term.kind === 'number' && inRange(t.term.text, unit.text) ? 1 : present;
      });
    });
    const topic =
      terms.reduce((sum, t) => sum + t.weight * presenceIn(t.term, context, NO_CONTEXT), 0) / total;
    let best: Passage | undefined;
    for (let start = 0; start < units.length; start++) {
      for (let length = 1; length <= MAX_WINDOW && start + length <= units.length; length++) {
        const window = units.slice(start, start + length);
        if (window.every(isQuestion)) continue;
        let covered = 0;
        terms.forEach((t, i) => {
          let p = 0;
          for (let j = start; j < start + length; j++) p = Math.max(p, presence[j]![i]!);
          covered += t.weight * p;
        });
        const coverage = covered / total;
        // A question that asks for an amount, a duration or a name is answered by a span
        // holding one; a longer span must earn its extra sentences.
        const holdsKind = window.some((u) => !isQuestion(u) && holds(u));
        // A source's own question (an FAQ entry, a heading that asks) close to the asker's
        // vouches for the answer under it.
        const asked = isQuestion(window[0]!)
          ? terms.reduce((sum, t, i) => sum + t.weight * presence[start]![i]!, 0) / total
          : 0;
        const score =
          coverage * (holdsKind || !SPECIFIC_KINDS.has(kind) ? 1 : MISSING_KIND_FACTOR) +
          (holdsKind ? KIND_BONUS[kind] : 0) +
          FAQ_BONUS * asked +
          RETRIEVAL_PRIOR * (source.score / topScore) -
          0.04 * (length - 1) -
          RANK_PENALTY * rank;
        if (!best || score > best.score)
          best = {
            source: source.n,
            rank,
            units: window,
            coverage,
            absent,
            topic,
            score,
          };
      }
    }
    if (!best) return;
    // A table row speaks to the question when its own label names part of it: every row of
    // a rates table holds an amount and repeats the column headers, but the asker wants the
    // row for their city. A question that names no row ("how many days do I get?") is
    // answered by every row that holds what it asks.
    const namesRow = (unit: Unit) =>
      terms.some((t) => presenceIn(t.term, unit.row!.labelStems, NO_CONTEXT) > 0);
    const singlesOut = units.some((unit) => unit.row && namesRow(unit));
    // A figure alone does not make a sentence relevant once the span holds the figure asked
    // for; the other items of a list (and the line that opens it) still belong with it.
    const spanHolds = best.units.some((u) => !isQuestion(u) && holds(u));
    const listed = (unit: Unit) => unit.item || introducesList(unit, units);
    const relevant = (unit: Unit) =>
      unit.row
        ? singlesOut
          ? namesRow(unit)
          : holds(unit)
        : ((!spanHolds || listed(unit)) && holds(unit)) ||
          terms.some((t) => presenceIn(t.term, unit.stems, NO_CONTEXT) > 0);
    passages.push({ ...best, units: completeSpan(widen(best.units, units, relevant), units, asksOtherwise) });
  });
  return passages.sort((a, b) => b.score - a.score);
}

/**
 * Finds the span of consecutive sentences (or items, or rows) that best answers the
 * question: it holds most of the question's weighted terms or their synonyms, what the
 * question asks for (an amount, a duration, a name), and comes from a well-ranked source.
 * `focus` is the latest message of a follow-up, whose words count double.
 */
export function findPassage(
  question: string,
  focus: string | undefined,
  sources: PassageSource[],
  expander: QueryExpander,
): Passage | undefined {
  return findPassages(question, focus, sources, expander)[0];
}

/** Room a span may grow into with neighbours that speak to the question. */
const WIDEN_CHARS = 700;

/**
 * Grows a span by neighbouring units that hold question terms or what is asked, within
 * `WIDEN_CHARS`. Forwards it also takes one unit that does not when the unit after it
 * does: a condition often follows a sentence on how to apply ("To request approval, email…
 * You must have been employed 6 months") or a list's own introduction ("Leave duration:").
 * A table row is never stepped over: it is the row for something else.
 */
function widen(span: Unit[], units: Unit[], relevant: (unit: Unit) => boolean): Unit[] {
  let first = span[0]!.index;
  let last = span.at(-1)!.index;
  let chars = span.reduce((n, u) => n + u.text.length, 0);
  const fits = (...more: (Unit | undefined)[]) =>
    more.every((u) => u !== undefined && !isQuestion(u)) &&
    chars + more.reduce((n, u) => n + u!.text.length, 0) <= WIDEN_CHARS;
  for (;;) {
    const after = units[last + 1];
    const beyond = units[last + 2];
    const before = units[first - 1];
    if (fits(after) && relevant(after!)) {
      last++;
      chars += after!.text.length;
    } else if (fits(after, beyond) && !after!.row && relevant(beyond!)) {
      last += 2;
      chars += after!.text.length + beyond!.text.length;
    } else if (fits(before) && relevant(before!)) {
      first--;
      chars += before!.text.length;
    } else break;
  }
  return units.slice(first, last + 1);
}

/**
 * A pattern, for each number tied to its word ("stage 4", "zone 3"), for that pair in either
 * order: a unit that has the number elsewhere ("stages 1-4", "4 weeks") does not hold it.
 */
function numberedPairs(terms: WeightedTerm[]): Map<WeightedTerm, RegExp> {
  const pairs = new Map<WeightedTerm, RegExp>();
  for (const t of terms) {
    if (!t.term.label) continue;
    // Three letters: "February 1" is "Feb 01" in a table.
    const prefix = t.term.label.slice(0, 3);
    const number = `0*${Number(t.term.text)}`;
    pairs.set(
      t,
      new RegExp(`\\b${prefix}\\w*\\W{1,3}${number}\\b(?!-\\d)|\\b${number}\\W{1,3}${prefix}`, 'i'),
    );
  }
  return pairs;
}

/** A range of numbers ("8-11 weeks", "between 8 and 11", "8 to 11"). */
const RANGE = /\b(\d+)\s*(?:-|–|to|and)\s*(\d+)\b/g;

/** Whether `text` states a range that holds the number `asked` ("9 weeks" in "between 8-11 weeks"). */
function inRange(asked: string, text: string): boolean {
  if (!/^\d+$/.test(asked)) return false;
  const n = Number(asked);
  for (const [, low, high] of text.matchAll(RANGE)) {
    if (Number(low) <= n && n <= Number(high)) return true;
  }
  return false;
}

/** The question's terms, weighted by rarity among the units (the latest message's words count double). */
function weightTerms(
  question: string,
  focus: string | undefined,
  units: Unit[],
  expander: QueryExpander,
): WeightedTerm[] {
  const terms = expander.expand(question);
  const focusStems = focus && focus !== question ? new Set(analyze(focus).map((t) => t.stem)) : undefined;
  const qualifying = qualifyingPositions(question);
  // Built only for a question with a word the sources lack: most questions need none.
  let corrector: TypoCorrector | undefined;
  return terms.map((term) => {
    const own = term.alternatives[0]!;
    const containing = units.filter((u) => own.stems.every((s) => u.stems.has(s))).length;
    // General-language synonyms stand in only for a word the sources never use.
    let alternatives = containing > 0 ? term.alternatives.filter((a) => !a.standIn) : term.alternatives;
    // A real word the sources lack is no typo: "vacation" is not a misspelled "location".
    if (
      containing === 0 &&
      own.stems.length === 1 &&
      term.text.length >= 4 &&
      !/\d/.test(term.text) &&
      !expander.isWord(term.text)
    ) {
      corrector ??= typoCorrectorOf(units);
      const corrections = corrector.suggest(term.text).map((w) => ({ stems: [w.stem], weight: TYPO_WEIGHT }));
      alternatives = [...alternatives, ...corrections];
    }
    const rarity = Math.log(1 + units.length / (1 + containing));
    const focused = focusStems && own.stems.some((s) => focusStems.has(s)) ? FOCUS_BOOST : 1;
    const single = own.stems.length === 1 ? own.stems[0]! : undefined;
    const light =
      single && GRAMMAR_VERBS.has(single)
        ? LIGHT_VERB_SHARE
        : single && GENERIC_NOUNS.has(single)
          ? GENERIC_NOUN_SHARE
          : 1;
    // A word no source uses in any form weighs less when it only places the question
    // ("…on weekends", "…if I move somewhere pricier") than when it is what is asked.
    const unmatched =
      qualifying.has(term.position) &&
      !alternatives.some((a) => units.some((u) => a.stems.every((s) => u.stems.has(s))));
    const placing = unmatched ? QUALIFYING_ABSENT_SHARE : 1;
    return { term: { ...term, alternatives }, weight: rarity * focused * light * placing };
  });
}

function typoCorrectorOf(units: Unit[]): TypoCorrector {
  const df = new Map<string, number>();
  for (const unit of units) {
    for (const word of new Set(words(unit.text))) df.set(word, (df.get(word) ?? 0) + 1);
  }
  return new TypoCorrector([...df].map(([word, count]) => ({ word, stem: stem(word), df: count })));
}

/** How much of a term a unit holds: its own words fully, the headings above it in part. */
function presenceIn(term: ExpandedTerm, stems: ReadonlySet<string>, context: ReadonlySet<string>): number {
  let best = 0;
  for (const alternative of term.alternatives) {
    if (alternative.weight <= best) continue;
    if (alternative.stems.every((s) => stems.has(s))) best = alternative.weight;
    else if (alternative.stems.every((s) => stems.has(s) || context.has(s)))
      best = Math.max(best, alternative.weight * CONTEXT_SHARE);
  }
  return best;
}

/**
 * A line that opens the list right after it: one that points at what follows ("…as
 * follows", "…the following:"), a question, or a short label ("New Hire Welcome Kits").
 */
function introducesList(unit: Unit, units: readonly Unit[]): boolean {
  if (unit.item || !units[unit.index + 1]?.item) return false;
  return (
    /(?::|\b(?:as follows|the following|below)\.?)\s*$/i.test(unit.text) ||
    isQuestion(unit) ||
    (unit.lineStart && !/[.!;,]$/.test(unit.text) && unit.text.split(/\s+/).length <= 6)
  );
}

/** The list items right after `unit`. */
function listAfter(unit: Unit, units: Unit[]): Unit[] {
  const items: Unit[] = [];
  for (let i = unit.index + 1; i < units.length && items.length < MAX_LIST_ITEMS && units[i]!.item; i++)
    items.push(units[i]!);
  return items;
}

const QUALIFIER =
  /^(however|but|unless|except|even if|even though|even so|regardless|nevertheless|nonetheless|note|please note|this (does|do|is|will|won't|doesn't) not|this does|that said|only|otherwise|provided|in addition|additionally|if not|exceptions?)\b/i;
const BACK_REFERENCE = /^(this|these|that|those|it|they|such|the above|in this case|in that case)\b/i;
const MAX_CHARS = WIDEN_CHARS + 100;
const MAX_LIST_ITEMS = 8;

/**
 * Completes a span so it reads right on its own: the sentence before when it opens by
 * pointing back ("This applies…"), the list a line ending in ":" introduces, the sentence
 * after when it qualifies ("However…", "This does not…"), the FAQ question an answer answers
 * when it is not the asker's own, and no question it leaves unanswered.
 */
function completeSpan(span: Unit[], units: Unit[], asksOtherwise: (question: Unit) => boolean): Unit[] {
  let first = span[0]!.index;
  let last = span.at(-1)!.index;
  const length = () => units.slice(first, last + 1).reduce((sum, u) => sum + u.text.length, 0);
  // An FAQ question in the span: the answer is what follows it.
  let lastQuestion = -1;
  for (let i = first; i <= last; i++) if (isQuestion(units[i]!)) lastQuestion = i;
  if (lastQuestion !== -1) {
    let answerEnd = lastQuestion;
    while (
      answerEnd + 1 < units.length &&
      !isQuestion(units[answerEnd + 1]!) &&
      (answerEnd === lastQuestion ||
        units.slice(lastQuestion + 1, answerEnd + 2).reduce((n, u) => n + u.text.length, 0) <= MAX_CHARS / 2)
    )
      answerEnd++;
    if (answerEnd > lastQuestion) {
      first = lastQuestion + 1;
      last = Math.max(last, answerEnd);
    }
  }
  // A question the span does not answer (the chunk ends on it) is not quoted.
  while (last > first && isQuestion(units[last]!)) last--;
  // An FAQ answer answers its own question ("No, at this time…", "Up to 5 days."): quoted
  // with it, unless it is the asker's, so the reader sees what the answer is to.
  if (first > 0 && isQuestion(units[first - 1]!) && asksOtherwise(units[first - 1]!)) first--;
  if (BACK_REFERENCE.test(units[first]!.text) && first > 0 && !isQuestion(units[first - 1]!)) first--;
  // A span that holds a list's introduction holds the whole list, not the items it happened to reach.
  const introduction = units.slice(first, last + 1).findLast((unit) => introducesList(unit, units));
  if (introduction) {
    let items = 0;
    while (items < last - introduction.index && units[introduction.index + 1 + items]!.item) items++;
    if (items === last - introduction.index) last = introduction.index;
  }
  if (introducesList(units[last]!, units)) {
    let items = 0;
    while (
      last + 1 < units.length &&
      items < MAX_LIST_ITEMS &&
      length() + units[last + 1]!.text.length <= MAX_CHARS
    ) {
      const next = units[last + 1]!;
      if (!next.item && items > 0) break;
      last++;
      items++;
    }
  }
  const next = units[last + 1];
  if (next && QUALIFIER.test(next.text) && length() + next.text.length <= MAX_CHARS) last++;
  return units.slice(first, last + 1);
}
