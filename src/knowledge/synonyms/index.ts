export {
  COMPANY_SYNONYMS_FILE_NAME,
  loadCompanySynonyms,
  parseSynonymRules,
  type SynonymRule,
  toSolrText,
} from './company-synonyms.js';
