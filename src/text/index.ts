export { toParagraphs } from './paragraphs.js';
export { porterStem } from './porter-stemmer.js';
export { splitSentences } from './sentences.js';
export {
  analyze,
  analyzeQuery,
  GENERIC_NOUNS,
  GRAMMAR_VERBS,
  isLightWord,
  QUESTION_FRAMING,
  qualifyingPositions,
  STOPWORDS,
  stem,
  type Token,
  toIndexTerms,
  words,
} from './text-analysis.js';
