import type { Chunk, Principal } from '../knowledge-types.js';
import type { HealthCheck } from './health.js';

export interface SearchQuery {
  text: string;
  /** The reader's principals; only chunks whose ACL shares one of them may be returned. */
  principals: Principal[];
  top: number;
}

export interface SearchHit {
  chunk: Chunk;
  /** Backend-specific relevance; higher is better. Comparable only within one result list. */
  score: number;
  /**
   * How much of the query the chunk covers, 0..1, weighted by how rare each term is.
   * The core uses it to decide whether the evidence is enough to answer.
   */
  coverage: number;
  /** The passage that best answers the query (a semantic caption), shown with the citation. */
  snippet?: string;
}

/** What the index knows about a document, so ingestion can skip unchanged ones. */
export interface IndexedDocument {
  id: string;
  hash: string;
  chunkCount: number;
  /** Path relative to its source root, as used in citation labels. */
  path: string;
  acl: Principal[];
}

export interface KnowledgeIndex {
  readonly name: string;
  search(query: SearchQuery): Promise<SearchHit[]>;
  /**
   * Whether some chunk may be read by one of `principals` but by none of `audience`. When
   * not, a search as `principals` finds nothing more than `audience` may read, and can be
   * skipped. Optional: without it, callers search to find out.
   */
  readableBeyond?(principals: Principal[], audience: Principal[]): Promise<boolean>;
  /** Replaces every chunk of the given documents with these. */
  replaceDocument(document: Omit<IndexedDocument, 'chunkCount'>, chunks: Chunk[]): Promise<void>;
  deleteDocuments(documentIds: string[]): Promise<void>;
  /** Documents indexed from one source system whose ids start with `idPrefix`. */
  listDocuments(idPrefix: string): Promise<IndexedDocument[]>;
  getDocument(documentId: string): Promise<IndexedDocument | undefined>;
  stats(): Promise<{ documents: number; chunks: number }>;
  check(): Promise<HealthCheck>;
  close(): Promise<void>;
}
