import type { SynonymMap } from '@azure/search-documents';
import { type SynonymRule, toSolrText } from '../../synonyms/company-synonyms.js';

/** Azure AI Search names are at most 128 characters. */
const MAX_NAME_LENGTH = 128;
const SUFFIX = '-synonyms';

/** The name of an index's company synonym map: `<index>-synonyms`. */
export function synonymMapName(indexName: string): string {
  const base = indexName.slice(0, MAX_NAME_LENGTH - SUFFIX.length).replace(/-+$/, '');
  return `${base}${SUFFIX}`;
}

/** The company synonyms as an Azure AI Search synonym map (Solr format), one rule a line. */
export function companySynonymMap(indexName: string, rules: readonly SynonymRule[]): SynonymMap {
  return { name: synonymMapName(indexName), synonyms: toSolrText(rules).split('\n') };
}
