export {
  type FolderListing,
  type FolderOptions,
  listFolderDocuments,
  type SkippedFile,
} from './folder.js';
export { SIDECAR_SUFFIX } from './folder-metadata.js';
export { normalizeAcl, normalizePrincipal } from './principals.js';
