import type { AnswerRequest, ChatModel, HealthCheck, ModelAnswer } from '../../core/ports.js';
import type { QueryExpander } from '../../text/expansion/index.js';
import { defaultExpander } from '../../text/expansion/index.js';
import { findPassage, type Passage } from './passage-finder.js';

export interface ExtractiveOptions {
  /** Share of the weighted question the passage must hold, for questions of one or two terms. */
  minCoverageShort: number;
  /** The share asked of questions of `longTerms` terms or more (one passage rarely holds every part). */
  minCoverageLong: number;
  longTerms: number;
  /** The words employees use for what documents name otherwise. */
  expander?: QueryExpander;
}

export const DEFAULT_EXTRACTIVE_OPTIONS: ExtractiveOptions = {
  minCoverageShort: 0.45,
  minCoverageLong: 0.27,
  longTerms: 9,
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
    const base = { model: 'extractive', promptVersion: 'extractive-v3' };
    const passage = findPassage(
      request.standaloneQuestion,
      request.question,
      request.sources.map((s) => ({
        n: s.n,
        text: s.chunk.text,
        score: s.score ?? 0,
        context: `${s.chunk.title} ${s.chunk.headingPath.join(' ')}`,
      })),
      this.expander,
    );
    const terms = this.expander.expand(request.standaloneQuestion).length;
    if (!passage || passage.coverage < this.requiredCoverage(terms)) {
      return { ...base, text: '', abstained: true };
    }
    const text = renderPassage(passage);
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

/** The passage as Markdown: prose joined, list items and rows on their own lines, cited once. */
function renderPassage(passage: Passage): string {
  let text = '';
  passage.units.forEach((unit, i) => {
    const line = unit.item ? `- ${unit.text}` : unit.text;
    if (i === 0) text = line;
    else text += unit.lineStart || unit.item ? `\n${line}` : ` ${line}`;
  });
  return `${text} [${passage.source}]`;
}
