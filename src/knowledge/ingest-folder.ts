import type { KnowledgeIndex } from '../core/ports.js';
import { type IngestOptions, type IngestSummary, ingestDocuments } from './ingest.js';
import { listFolderDocuments } from './sources/index.js';

/** Indexes a local folder of documents (Markdown, HTML, text, PDF, DOCX). */
export async function ingestFolder(
  index: KnowledgeIndex,
  root: string,
  options: Omit<IngestOptions, 'idPrefix'> & { urlBase?: string } = {},
): Promise<IngestSummary> {
  const listed = await listFolderDocuments(root, options.urlBase ? { urlBase: options.urlBase } : {});
  return ingestDocuments(index, listed, { ...options, idPrefix: 'folder:' });
}
