import type { KnowledgeIndex } from '../core/ports.js';
import { type IngestOptions, type IngestSummary, ingestDocuments } from './ingest.js';
import { listFolderDocuments } from './sources/index.js';

/** Indexes a local folder of documents (Markdown, HTML, text, PDF, DOCX, PPTX, XLSX). */
export async function ingestFolder(
  index: KnowledgeIndex,
  root: string,
  options: Omit<IngestOptions, 'idPrefix'> & { urlBase?: string } = {},
): Promise<IngestSummary> {
  const started = performance.now();
  const listed = await listFolderDocuments(root, {
    ...(options.urlBase ? { urlBase: options.urlBase } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const summary = await ingestDocuments(index, listed, { ...options, idPrefix: 'folder:' });
  // The whole run, reading and hashing the folder included.
  return { ...summary, durationMs: performance.now() - started };
}
