import type { IndexedDocument } from '../../../core/ports.js';
import { analyzeQuery } from '../../../text/index.js';
import { analyze } from '../../../text/text-analysis.js';
import { type Chunk, EVERYONE, type Principal, type SourceSystem } from '../../document.js';
import { toAclFields } from './acl-filter.js';
import type { SearchRecord } from './index-definition.js';

/** The index key of a chunk or document id: base64url, since keys allow only `[A-Za-z0-9_\-=]`. */
export function recordKey(kind: 'chunk' | 'document', id: string): string {
  return `${kind === 'chunk' ? 'c' : 'd'}_${Buffer.from(id, 'utf8').toString('base64url')}`;
}

/** The principals an ACL-field record grants, back in our notation. */
export function principalsOf(
  record: Pick<SearchRecord, 'aclUserIds' | 'aclGroupIds' | 'aclEveryone'>,
): Principal[] {
  return [
    ...(record.aclEveryone ? [EVERYONE] : []),
    ...(record.aclUserIds ?? []).map((u) => `user:${u}`),
    ...(record.aclGroupIds ?? []).map((g) => `group:${g}`),
  ];
}

/** The text a chunk is embedded as: where it sits, then what it says. */
export function embeddingText(chunk: Chunk): string {
  return [chunk.title, chunk.headingPath.join(' > '), chunk.text].filter(Boolean).join('\n');
}

/** A chunk as an index record. */
export function chunkRecord(
  chunk: Chunk,
  document: Omit<IndexedDocument, 'chunkCount'>,
  vector: number[] | undefined,
): SearchRecord {
  return {
    id: recordKey('chunk', chunk.id),
    kind: 'chunk',
    chunkId: chunk.id,
    documentId: chunk.documentId,
    documentPath: document.path,
    documentHash: document.hash,
    chunkCount: 0,
    source: chunk.source,
    title: chunk.title,
    content: chunk.text,
    url: chunk.url,
    location: chunk.location,
    page: chunk.page ?? null,
    headingPath: chunk.headingPath,
    updatedAt: chunk.updatedAt || null,
    contentHash: chunk.contentHash,
    ...(vector ? { contentVector: vector } : {}),
    ...toAclFields(chunk.acl),
  };
}

/** The bookkeeping record of a document: what ingestion compares to skip unchanged ones. */
export function documentRecord(
  document: Omit<IndexedDocument, 'chunkCount'>,
  chunkCount: number,
): SearchRecord {
  return {
    id: recordKey('document', document.id),
    kind: 'document',
    chunkId: '',
    documentId: document.id,
    documentPath: document.path,
    documentHash: document.hash,
    chunkCount,
    source: document.id.split(':')[0] ?? '',
    title: '',
    content: '',
    url: '',
    location: document.path,
    page: null,
    headingPath: [],
    updatedAt: null,
    contentHash: document.hash,
    contentVector: null,
    ...toAclFields(document.acl),
  };
}

/** A chunk read back from the index. */
export function toChunk(record: SearchRecord): Chunk {
  return {
    id: record.chunkId,
    documentId: record.documentId,
    source: record.source as SourceSystem,
    title: record.title,
    url: record.url,
    location: record.location,
    ...(record.page ? { page: record.page } : {}),
    headingPath: record.headingPath ?? [],
    text: record.content,
    updatedAt: record.updatedAt ?? '',
    contentHash: record.contentHash,
    acl: principalsOf(record),
  };
}

/** A document's bookkeeping record read back from the index. */
export function toIndexedDocument(record: SearchRecord): IndexedDocument {
  return {
    id: record.documentId,
    hash: record.documentHash,
    chunkCount: record.chunkCount,
    path: record.documentPath,
    acl: principalsOf(record),
  };
}

/**
 * How much of the question a chunk covers, 0..1, for the core's evidence check. Term
 * coverage of the question's content words in the chunk; when the semantic ranker scored
 * the chunk (0..4, where 2 and more means relevant), that judgement counts too, since it
 * recognises paraphrases that share no words with the question.
 */
export function coverageOf(query: string, chunk: Chunk, rerankerScore?: number): number {
  const terms = new Set(analyzeQuery(query).map((t) => t.stem));
  const semantic = rerankerScore === undefined ? 0 : Math.min(1, Math.max(0, rerankerScore / 4));
  if (terms.size === 0) return semantic;
  const present = new Set(
    analyze(`${chunk.title} ${chunk.headingPath.join(' ')} ${chunk.text}`).map((t) => t.stem),
  );
  let covered = 0;
  for (const term of terms) if (present.has(term)) covered++;
  return Math.max(covered / terms.size, semantic);
}
