export {
  type ConfluenceAuth,
  ConfluenceCallError,
  ConfluenceClient,
  type ConfluenceClientOptions,
} from './confluence-client.js';
export { pageAcl, type ReadRestriction, restrictionPrincipals } from './confluence-permissions.js';
export {
  type ConfluenceContent,
  ConfluenceSource,
  type ConfluenceSpace,
  contentHash,
  spacePrefix,
  toCqlDate,
} from './confluence-source.js';
export { storageToHtml } from './storage-format.js';
