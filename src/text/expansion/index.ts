export {
  type Alternative,
  type ExpandedTerm,
  parseThesaurus,
  QueryExpander,
  SYNONYM_WEIGHT,
  type SynonymGroup,
  saysTerm,
} from './query-expander.js';
export { WordNet } from './wordnet.js';
export { WORKPLACE_THESAURUS } from './workplace-thesaurus.js';

import { QueryExpander as Expander } from './query-expander.js';
import { WordNet as WordNetReader } from './wordnet.js';

let shared: Expander | undefined;
/** The built-in thesaurus with WordNet, made once and shared by whoever is given no other. */
export function defaultExpander(): Expander {
  shared ??= new Expander({ wordnet: WordNetReader.bundled() });
  return shared;
}
