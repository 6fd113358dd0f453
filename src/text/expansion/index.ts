export {
  type Alternative,
  type ExpandedTerm,
  parseThesaurus,
  QueryExpander,
  SYNONYM_WEIGHT,
  type SynonymGroup,
} from './query-expander.js';
export { WordNet } from './wordnet.js';
export { WORKPLACE_THESAURUS } from './workplace-thesaurus.js';
