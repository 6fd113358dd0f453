export { aclFilters, anyOf, odataString, toAclFields } from './acl-filter.js';
export {
  AzureSearchIndex,
  type AzureSearchIndexOptions,
  type IndexSetupOptions,
} from './azure-search-index.js';
export { createAzureSearchIndex } from './create-azure-search-index.js';
export {
  lumenIndexDefinition,
  RETRIEVED_FIELDS,
  SEMANTIC_CONFIGURATION,
  type SearchRecord,
  VECTOR_PROFILE,
} from './index-definition.js';
export { coverageOf, recordKey } from './search-record.js';
export { companySynonymMap, synonymMapName } from './synonym-map.js';
