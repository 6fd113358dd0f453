import {
  analyze,
  analyzeQuery,
  chatPositions,
  isLightWord,
  STOPWORDS,
  stem,
  words,
} from '../text-analysis.js';
import type { WordNet } from './wordnet.js';
import { CATCH_ALLS, WORKPLACE_THESAURUS } from './workplace-thesaurus.js';

/** One way a query term may appear in a passage: all of `stems`, counting for `weight` (0–1). */
export interface Alternative {
  stems: string[];
  weight: number;
  /**
   * From general-language knowledge (WordNet): it stands in only for a word the sources never
   * use, since beside a word they do use it would bring in passages about something else.
   */
  standIn?: true;
}

/** A concept of the question: the asker's word or phrase and the other ways to say it. */
export interface ExpandedTerm {
  /** The asker's word or phrase. */
  text: string;
  /** The asker's own wording first (weight 1), then synonyms. */
  alternatives: Alternative[];
  /**
   * What sort of thing the concept is ("Benefits", "noun.location", "number"): two concepts
   * of one kind that are not synonyms are alternatives to each other, as dental and vision
   * are, so a follow-up naming one replaces the other.
   */
  kind?: string;
  /** Where the asker's wording starts among the question's words (`words(question)`). */
  position: number;
  /**
   * For a number the question ties to the word right before it ("zone 3", "stage 4",
   * "February 1"): that word. The number is held only where the two stand together.
   */
  label?: string;
}

/** A group of equivalent expressions, or a one-way mapping from `terms` to `mapsTo`. */
export interface SynonymGroup {
  terms: string[];
  mapsTo?: string[];
  /** The section the group is listed under: what sort of thing its terms name. */
  kind?: string;
}

/**
 * Words too general to expand: their WordNet synonyms ("think" → "reckon", "last" →
 * "endure") would only add noise.
 */
const NOT_EXPANDED = new Set(
  `take give make get go come see look think use need want work long last much many whole full part
time day week month year new old good bad way thing lot able sure kind still even back right left`.split(
    /\s+/,
  ),
);

/** At most this many WordNet synonyms per word. */
const MAX_WORDNET_SYNONYMS = 6;

/** How much a synonym counts against the asker's own word. */
export const SYNONYM_WEIGHT = {
  thesaurus: 0.85,
  company: 0.9,
  /** The country or region a place named in the question lies in. */
  containingPlace: 0.7,
  catchAll: 0.6,
  wordnet: 0.5,
} as const;

/** Stems of the phrases that cover every member of a kind, by kind. */
const CATCH_ALL_STEMS = new Map(
  Object.entries(CATCH_ALLS).map(([kind, phrases]) => [
    kind,
    phrases.map((phrase) => analyze(phrase).map((t) => t.stem)),
  ]),
);

interface Phrase {
  /** Stems of every word, stopwords included, to find the phrase in a question. */
  match: string[];
  /** Stems of its content words, what a passage must hold. */
  content: string[];
}

interface PhraseRule {
  phrase: Phrase;
  expansions: Phrase[];
  weight: number;
  kind: string | undefined;
}

/** The WordNet noun kinds whose members stand in for each other in a follow-up ("and in Canada?"). */
const WORDNET_KINDS = new Set(['noun.person', 'noun.location']);

/**
 * Expands a question into concepts with the words employees and documents use for them:
 * the company's own synonyms, a built-in workplace thesaurus, and WordNet for single words.
 * A phrase the rules know ("side gig") becomes one concept; other words stand alone.
 */
export class QueryExpander {
  private readonly rules: PhraseRule[];
  private readonly cache = new Map<string, ExpandedTerm[]>();

  constructor(
    options: { wordnet?: WordNet | undefined; company?: SynonymGroup[]; thesaurus?: boolean } = {},
  ) {
    this.wordnet = options.wordnet;
    this.rules = [
      ...(options.company ?? []).flatMap((group) => rulesOf(group, SYNONYM_WEIGHT.company)),
      ...(options.thesaurus === false ? [] : parseThesaurus(WORKPLACE_THESAURUS)).flatMap((group) =>
        rulesOf(group, SYNONYM_WEIGHT.thesaurus),
      ),
    ].sort((a, b) => b.phrase.match.length - a.phrase.match.length);
  }

  private readonly wordnet: WordNet | undefined;

  /** The kind of a word the rules do not know: a number, or a person or place WordNet names. */
  private kindOf(word: string): string | undefined {
    if (/\d/.test(word)) return 'number';
    const kind = this.wordnet?.nounKind(word);
    return kind && WORDNET_KINDS.has(kind) ? kind : undefined;
  }

  /**
   * The places a place lies in, two levels up ("toronto" → "ontario" → "canada"): what a
   * policy says of the country holds for its cities.
   */
  private containingPlaces(word: string): string[] {
    const parents = this.wordnet?.containedIn(word) ?? [];
    return [...new Set([...parents, ...parents.flatMap((place) => this.wordnet?.containedIn(place) ?? [])])];
  }

  /**
   * Whether a word the sources lack is a real word rather than a typo ("born", not a
   * misspelled "burn"): true when WordNet lists it. Without WordNet, nothing is known.
   */
  isWord(word: string): boolean {
    return this.wordnet?.knows(word) ?? false;
  }

  /** The question's concepts, each with its alternatives; cached per question text. */
  expand(text: string): ExpandedTerm[] {
    const cached = this.cache.get(text);
    if (cached) return cached;
    const expanded = this.compute(text);
    if (this.cache.size > 2000) this.cache.clear();
    this.cache.set(text, expanded);
    return expanded;
  }

  private compute(text: string): ExpandedTerm[] {
    const all = words(text);
    const allStems = all.map(phraseWord);
    // Chat ("can you tell me…", "thanks") starts no phrase: "tell me" is no report.
    const chat = chatPositions(all);
    const used = all.map((_, i) => chat.has(i));
    const concepts: { at: number; length: number; term: ExpandedTerm }[] = [];
    for (const rule of this.rules) {
      const { match } = rule.phrase;
      // A phrase in two groups ("fly" is a flight, and a way to travel) takes both groups' words.
      const same = concepts.find(
        (c) => c.length === match.length && match.every((stem, j) => allStems[c.at + j] === stem),
      );
      if (same) {
        for (const expansion of rule.expansions)
          addAlternative(same.term.alternatives, expansion.content, rule.weight);
        continue;
      }
      const at = findPhrase(allStems, match, used);
      if (at === -1) continue;
      for (let i = at; i < at + match.length; i++) used[i] = true;
      const alternatives: Alternative[] = [{ stems: rule.phrase.content, weight: 1 }];
      for (const expansion of rule.expansions) addAlternative(alternatives, expansion.content, rule.weight);
      concepts.push({
        at,
        length: match.length,
        term: {
          text: all.slice(at, at + match.length).join(' '),
          alternatives,
          position: at,
          ...(rule.kind ? { kind: rule.kind } : {}),
        },
      });
    }
    const content = analyzeQuery(text);
    for (const token of content) {
      if (used[token.position]) continue;
      if (concepts.some((c) => c.term.alternatives[0]!.stems.includes(token.stem) && c.at !== token.position))
        continue;
      const alternatives: Alternative[] = [{ stems: [token.stem], weight: 1 }];
      const general = NOT_EXPANDED.has(token.word) || NOT_EXPANDED.has(inflectionless(token.word));
      const synonyms = general ? [] : (this.wordnet?.synonyms(token.word) ?? []);
      for (const synonym of synonyms.slice(0, MAX_WORDNET_SYNONYMS)) {
        addAlternative(
          alternatives,
          analyze(synonym).map((t) => t.stem),
          SYNONYM_WEIGHT.wordnet,
          true,
        );
      }
      // "I left my laptop" is no place: a general word names no person or place either.
      const kind = general ? undefined : this.kindOf(token.word);
      if (kind === 'noun.location') {
        for (const place of this.containingPlaces(token.word))
          addAlternative(
            alternatives,
            analyze(place).map((t) => t.stem),
            SYNONYM_WEIGHT.containingPlace,
            true,
          );
      }
      concepts.push({
        at: token.position,
        length: 1,
        term: {
          text: token.word,
          alternatives,
          position: token.position,
          ...(kind ? { kind } : {}),
          ...labelOf(token.word, all[token.position - 1]),
        },
      });
    }
    for (const { term } of concepts) {
      for (const stems of CATCH_ALL_STEMS.get(term.kind ?? '') ?? [])
        addAlternative(term.alternatives, stems, SYNONYM_WEIGHT.catchAll);
    }
    // One concept per asker's wording: a word repeated in the question counts once.
    const seen = new Set<string>();
    return concepts
      .sort((a, b) => a.at - b.at)
      .map((c) => c.term)
      .filter((term) => {
        const key = term.alternatives[0]!.stems.join(' ');
        if (key === '' || seen.has(key)) return false;
        seen.add(key);
        return true;
      });
  }
}

/** Whether text says the term in one of its ways: every stem of one alternative is where `has` finds it. */
export function saysTerm(term: ExpandedTerm, has: (stem: string) => boolean): boolean {
  return term.alternatives.some((a) => a.stems.length > 0 && a.stems.every(has));
}

/** The word a number is tied to ("zone" of "zone 3"): a word, not a stopword, right before it. */
function labelOf(word: string, before: string | undefined): { label?: string } {
  if (!/^\d+$/.test(word) || !before || !/^[a-z]{3,}$/.test(before) || STOPWORDS.has(before)) return {};
  return { label: before };
}

function addAlternative(alternatives: Alternative[], stems: string[], weight: number, standIn = false) {
  if (stems.length === 0) return;
  const key = stems.join(' ');
  const existing = alternatives.find((a) => a.stems.join(' ') === key);
  if (existing) {
    existing.weight = Math.max(existing.weight, weight);
    if (!standIn) delete existing.standIn;
  } else alternatives.push({ stems, weight, ...(standIn ? { standIn: true as const } : {}) });
}

function phraseOf(text: string): Phrase | undefined {
  // "pre-employment" is two words here; joined, it would be a third the passage must hold.
  const all = words(text.replaceAll('-', ' '));
  if (all.length === 0) return undefined;
  return {
    match: all.map(phraseWord),
    content: all.filter((w) => !STOPWORDS.has(w)).map(stem),
  };
}

function rulesOf(group: SynonymGroup, weight: number): PhraseRule[] {
  const terms = group.terms.map(phraseOf).filter((p): p is Phrase => p !== undefined);
  const targets = group.mapsTo?.map(phraseOf).filter((p): p is Phrase => p !== undefined);
  // A way of asking ("see what I do") is matched in questions, but its verb alone ("see")
  // would find every page that says "see below".
  const telling = (phrase: Phrase) => !phrase.content.every(isLightWord);
  return terms
    .filter((phrase) => phrase.content.length > 0)
    .map((phrase) => ({
      phrase,
      expansions: targets ?? terms.filter((other) => other !== phrase && telling(other)),
      weight,
      kind: group.kind,
    }));
}

/**
 * Reads `a, b, c` lines into groups. A line that is only a `# comment` names the kind of the
 * groups below it; other comments are ignored.
 */
export function parseThesaurus(text: string): SynonymGroup[] {
  let kind: string | undefined;
  return text
    .split('\n')
    .map((raw) => {
      const heading = /^\s*#\s*(.+?)\s*$/.exec(raw);
      if (heading) kind = heading[1];
      return { line: raw.replace(/#.*$/, '').trim(), kind };
    })
    .filter(({ line }) => line !== '')
    .map(({ line, kind }) => {
      const [left = '', right] = line.split('=>');
      const terms = left
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const mapsTo = right
        ?.split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      return { terms, ...(mapsTo ? { mapsTo } : {}), ...(kind ? { kind } : {}) };
    });
}

/** Words that only point at what follows: "a note from my doctor" is "a note from a doctor". */
const DETERMINERS = new Set(['a', 'an', 'the', 'my', 'your', 'our', 'his', 'her', 'their', 'this', 'that']);

/** A word as phrases are matched on: determiners alike, inflections dropped. */
function phraseWord(word: string): string {
  return DETERMINERS.has(word) ? 'a' : inflectionless(word);
}

/**
 * A word without its plural or verb ending, to find thesaurus phrases: lighter than a stem,
 * so "allowed" does not meet "allowance".
 */
function inflectionless(word: string): string {
  if (word.length <= 3) return word;
  return word
    .replace(/ies$/, 'y')
    .replace(/(ss|sh|ch|x)es$/, '$1')
    .replace(/([^s])s$/, '$1')
    .replace(/(\w{3,}?)(\w)\2(ing|ed)$/, '$1$2')
    .replace(/(\w{3,})(ing|ed)$/, '$1');
}

/** Where `phrase` first occurs among `stems` on words not yet taken; -1 when nowhere. */
function findPhrase(stems: string[], phrase: string[], used: boolean[]): number {
  outer: for (let i = 0; i + phrase.length <= stems.length; i++) {
    for (let j = 0; j < phrase.length; j++) {
      if (used[i + j] || stems[i + j] !== phrase[j]) continue outer;
    }
    return i;
  }
  return -1;
}
