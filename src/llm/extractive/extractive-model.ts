import { passageSources } from '../../core/ask/evidence.js';
import type { AnswerRequest, ChatModel, HealthCheck, ModelAnswer } from '../../core/ports.js';
import type { ExpandedTerm, QueryExpander } from '../../text/expansion/index.js';
import { defaultExpander, saysTerm } from '../../text/expansion/index.js';
import { analyze, splitSentences } from '../../text/index.js';
import { findPassages, type Passage, passageText, type Unit } from '../../text/passages/index.js';

export interface ExtractiveOptions {
  /** Share of the weighted question the passage must hold, for questions of one or two terms. */
  minCoverageShort: number;
  /** The share asked of questions of `longTerms` terms or more (one passage rarely holds every part). */
  minCoverageLong: number;
  longTerms: number;
  /** Another passage of the same document is added when it scores at least this share of the best one's. */
  secondSourceShare: number;
  /** A passage of another document is added only when it scores at least this share of the best one's. */
  otherDocumentShare: number;
  /** At most this many sources are quoted. */
  maxSources: number;
  /** The words employees use for what documents name otherwise. */
  expander?: QueryExpander;
}

export const DEFAULT_EXTRACTIVE_OPTIONS: ExtractiveOptions = {
  minCoverageShort: 0.2,
  minCoverageLong: 0.15,
  longTerms: 9,
  secondSourceShare: 0.6,
  otherDocumentShare: 0.75,
  maxSources: 3,
};

/**
 * The embedded answerer: quotes the passage of the sources that best answers the question
 * (a contiguous span with its conditions, the list it introduces, the sentence that
 * qualifies it) and cites it. It only ever repeats what a source says, so it cannot invent
 * facts; when no passage holds enough of the question it abstains.
 */
export class ExtractiveModel implements ChatModel {
  readonly name = 'extractive';
  private readonly options: ExtractiveOptions;
  private readonly expander: QueryExpander;

  constructor(options: Partial<ExtractiveOptions> = {}) {
    this.options = { ...DEFAULT_EXTRACTIVE_OPTIONS, ...options };
    this.expander = options.expander ?? defaultExpander();
  }

  async answer(request: AnswerRequest, onPartial?: (textSoFar: string) => void): Promise<ModelAnswer> {
    const base = { model: 'extractive', promptVersion: 'extractive-v3', quoted: true };
    const [passage, ...others] =
      request.passages ??
      findPassages(
        request.standaloneQuestion,
        request.question,
        passageSources(request.sources),
        this.expander,
      );
    const concepts = this.expander.expand(request.standaloneQuestion);
    const required = this.requiredCoverage(concepts.length);
    if (!passage || passage.coverage < required) return { ...base, text: '', abstained: true };
    // Other sources only when they answer about as well: they complete, they do not pad. A
    // passage from another document must all but tie with the best one.
    const documentOf = (p: Passage) => request.sources.find((s) => s.n === p.source)?.chunk.documentId;
    const carried = carriedConcepts(request.standaloneQuestion, request.question, concepts);
    const chosen = [passage];
    const said = new SaidSentences(passage.units);
    for (const other of others) {
      if (chosen.length >= this.options.maxSources) break;
      const share =
        documentOf(other) === documentOf(passage)
          ? this.options.secondSourceShare
          : this.options.otherDocumentShare;
      if (other.coverage < required || other.score < passage.score * share) continue;
      if (onlyNamesRows(other, concepts)) continue;
      // In a follow-up, another document must also speak to the topic carried over ("a new
      // laptop" in "and folks in sales?"), not only to the new subject.
      if (documentOf(other) !== documentOf(passage) && carried && !holdsAny(other, carried)) continue;
      // Chunks overlap and pages repeat each other: say each thing once, and drop a
      // passage that would only say again what is already quoted.
      const fresh = other.units.filter((unit) => !said.repeats(unit.text));
      if (!fresh.some((unit) => !isLabel(unit.text))) continue;
      said.add(fresh);
      chosen.push({ ...other, units: fresh });
    }
    const text = chosen.map(renderPassage).join('\n\n');
    onPartial?.(text);
    return { ...base, text, abstained: false };
  }

  async check(): Promise<HealthCheck> {
    return { name: 'model', ok: true, detail: 'extractive (embedded, no external service)' };
  }

  /** The coverage asked of a question of `terms` terms: less for long, many-part questions. */
  private requiredCoverage(terms: number): number {
    const { minCoverageShort: short, minCoverageLong: long, longTerms } = this.options;
    if (terms <= 2) return short;
    if (terms >= longTerms) return long;
    return short + ((terms - 2) / (longTerms - 2)) * (long - short);
  }
}

/** The passage as Markdown, cited once. */
function renderPassage(passage: Passage): string {
  return `${passageText(passage)} [${passage.source}]`;
}

/**
 * Whether a passage is table rows that share only their label with the question: the
 * Toronto row of a working-hours table does not answer "the per diem in Toronto".
 */
function onlyNamesRows(passage: Passage, concepts: ExpandedTerm[]): boolean {
  return passage.units.every((unit) => {
    if (!unit.row) return false;
    const { labelStems, headerStems } = unit.row;
    const rest = new Set([...unit.stems, ...headerStems].filter((stem) => !labelStems.has(stem)));
    return !concepts.some((concept) => saysTerm(concept, (stem) => rest.has(stem)));
  });
}

/** The concepts of a follow-up's standalone question that its latest message does not name; none for a question of its own. */
function carriedConcepts(
  standalone: string,
  latest: string,
  concepts: ExpandedTerm[],
): ExpandedTerm[] | undefined {
  if (standalone === latest) return undefined;
  const named = new Set(analyze(latest).map((t) => t.stem));
  const carried = concepts.filter((c) => !c.alternatives[0]!.stems.some((stem) => named.has(stem)));
  return carried.length > 0 ? carried : undefined;
}

/** Whether a passage's own words hold one of the concepts. */
function holdsAny(passage: Passage, concepts: ExpandedTerm[]): boolean {
  const has = (stem: string) => passage.units.some((unit) => unit.stems.has(stem));
  return concepts.some((concept) => saysTerm(concept, has));
}

/** A line that only introduces what follows ("US teammates:"): it says nothing alone. */
function isLabel(text: string): boolean {
  return /:\s*$/.test(text) && splitSentences(text).length === 1;
}

/**
 * The sentences an answer already holds, to recognise one said again: the same words, or
 * a sentence whose content words another sentence already holds ("On a semi-monthly payroll
 * cycle." after "US teammates: on a semi-monthly payroll cycle.").
 */
class SaidSentences {
  private readonly said: Set<string>[] = [];

  constructor(units: readonly Unit[]) {
    this.add(units);
  }

  add(units: readonly Unit[]): void {
    for (const unit of units)
      for (const sentence of splitSentences(unit.text)) this.said.push(stemsOf(sentence));
  }

  /** Whether every sentence of `text` is already said. */
  repeats(text: string): boolean {
    return splitSentences(text).every((sentence) => {
      const stems = stemsOf(sentence);
      if (stems.size === 0) return false;
      return this.said.some((said) => [...stems].every((s) => said.has(s)));
    });
  }
}

function stemsOf(sentence: string): Set<string> {
  return new Set(analyze(sentence).map((t) => t.stem));
}
