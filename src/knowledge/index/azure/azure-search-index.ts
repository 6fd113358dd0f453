import type { SearchClient, SearchIndex, SearchIndexClient, SearchOptions } from '@azure/search-documents';
import { BackendError, describeError } from '../../../core/errors.js';
import type {
  HealthCheck,
  IndexedDocument,
  KnowledgeIndex,
  Logger,
  SearchHit,
  SearchQuery,
} from '../../../core/ports.js';
import { silentLogger } from '../../../core/ports.js';
import type { Embedder } from '../../../llm/azure-openai/embedder.js';
import type { Chunk } from '../../document.js';
import type { SynonymRule } from '../../synonyms/company-synonyms.js';
import { aclFilters, MAX_ACL_FILTER_CHARS, odataString } from './acl-filter.js';
import {
  lumenIndexDefinition,
  RETRIEVED_FIELDS,
  SEMANTIC_CONFIGURATION,
  type SearchRecord,
} from './index-definition.js';
import {
  chunkRecord,
  coverageOf,
  documentRecord,
  embeddingText,
  recordKey,
  toChunk,
  toIndexedDocument,
} from './search-record.js';
import { companySynonymMap } from './synonym-map.js';
import { writeRecords } from './write-records.js';

export interface AzureSearchIndexOptions {
  searchClient: SearchClient<SearchRecord>;
  indexClient: SearchIndexClient;
  /** Embeds chunks at ingestion and the question at query time; absent: keyword search only. */
  embedder?: Embedder;
  /** Use the semantic ranker (needs a tier that offers it). */
  semanticRanker?: boolean;
  /** Nearest neighbours the vector part of a hybrid query contributes. */
  vectorK?: number;
  /** Records per upload or delete batch (Azure takes up to 1000 or 16 MB). */
  batchSize?: number;
  /** Records per page when listing documents (Azure returns at most 1000). */
  pageSize?: number;
  maxAclFilterChars?: number;
  log?: Logger;
}

/** What `createIndex` and `updateIndex` publish besides the index. */
export interface IndexSetupOptions {
  /** The company synonyms, published as the index's synonym map. */
  synonyms?: readonly SynonymRule[];
}

/** Longest a query waits for its embedding before searching without it. */
const QUERY_EMBEDDING_BUDGET_MS = 2_000;

/**
 * The production knowledge index on Azure AI Search: hybrid queries (keywords plus the
 * question's embedding) re-ranked by the semantic ranker, always filtered by the reader's
 * principals, with semantic captions as snippets. Each document also has a bookkeeping
 * record (`kind: 'document'`) so ingestion can skip unchanged documents and find removed ones.
 */
export class AzureSearchIndex implements KnowledgeIndex {
  readonly name: string;
  private readonly client: SearchClient<SearchRecord>;
  private readonly batchSize: number;
  private readonly pageSize: number;
  private readonly log: Logger;

  constructor(private readonly options: AzureSearchIndexOptions) {
    this.client = options.searchClient;
    this.batchSize = options.batchSize ?? 100;
    this.pageSize = options.pageSize ?? 1000;
    this.log = options.log ?? silentLogger;
    this.name = `azure-ai-search (${this.client.indexName})`;
  }

  /**
   * Creates the index from the definition in this repository; fails if it exists. Company
   * synonyms are published first as the index's synonym map, which its text fields use.
   */
  async createIndex(dimensions: number, options: IndexSetupOptions = {}): Promise<void> {
    await this.options.indexClient.createIndex(await this.definition(dimensions, options));
  }

  /**
   * Creates the index or updates an existing one to the definition (fields can only be
   * added), after creating or replacing its synonym map with the company synonyms. Without
   * synonyms the text fields reference no synonym map.
   */
  async updateIndex(dimensions: number, options: IndexSetupOptions = {}): Promise<void> {
    await this.options.indexClient.createOrUpdateIndex(await this.definition(dimensions, options));
  }

  /** The index definition; publishes the synonym map it references, which must exist first. */
  private async definition(dimensions: number, { synonyms = [] }: IndexSetupOptions): Promise<SearchIndex> {
    const name = this.client.indexName;
    if (synonyms.length === 0) return lumenIndexDefinition(name, { dimensions });
    const map = await this.options.indexClient.createOrUpdateSynonymMap(companySynonymMap(name, synonyms));
    return lumenIndexDefinition(name, { dimensions, synonymMapName: map.name });
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    // No principals means no filter, and a search without a filter would return everything.
    const filters = aclFilters(query.principals, this.options.maxAclFilterChars ?? MAX_ACL_FILTER_CHARS);
    if (filters.length === 0 || query.text.trim() === '') return [];
    const vector = await this.queryVector(query.text);
    const allowed = new Set(query.principals.map((p) => p.trim().toLowerCase()));
    const best = new Map<string, SearchHit>();
    for (const acl of filters) {
      const response = await this.client.search(
        query.text,
        this.searchOptions(`kind eq 'chunk' and ${acl}`, query.top, vector),
      );
      for await (const result of response.results) {
        const chunk = toChunk(result.document as SearchRecord);
        // Defence in depth: the filter already did this; never trust one layer alone.
        if (!chunk.acl.some((p) => allowed.has(p))) continue;
        const score = result.rerankerScore ?? result.score;
        const known = best.get(chunk.id);
        if (known && known.score >= score) continue;
        const caption = result.captions?.[0]?.text?.trim();
        best.set(chunk.id, {
          chunk,
          score,
          coverage: coverageOf(query.text, chunk, result.rerankerScore),
          ...(caption ? { snippet: caption } : {}),
        });
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score).slice(0, query.top);
  }

  async replaceDocument(document: Omit<IndexedDocument, 'chunkCount'>, chunks: Chunk[]): Promise<void> {
    const previous = await this.chunkKeysOf(document.id);
    const vectors = this.options.embedder
      ? await this.options.embedder.embed(chunks.map(embeddingText))
      : undefined;
    const records = chunks.map((chunk, i) => chunkRecord(chunk, document, vectors?.[i]));
    // Chunks first, the bookkeeping record last: a failure part-way leaves the old hash,
    // so the next ingestion run redoes the document.
    await this.write('mergeOrUpload', records);
    const current = new Set(records.map((r) => r.id));
    await this.write(
      'delete',
      [...previous].filter((key) => !current.has(key)).map((id) => ({ id }) as SearchRecord),
    );
    await this.write('mergeOrUpload', [documentRecord(document, chunks.length)]);
  }

  async deleteDocuments(documentIds: string[]): Promise<void> {
    for (const id of documentIds) {
      const keys = [...(await this.chunkKeysOf(id)), recordKey('document', id)];
      await this.write(
        'delete',
        keys.map((key) => ({ id: key }) as SearchRecord),
      );
    }
  }

  async listDocuments(idPrefix: string): Promise<IndexedDocument[]> {
    const documents: IndexedDocument[] = [];
    for await (const record of this.records("kind eq 'document'")) {
      if (record.documentId.startsWith(idPrefix)) documents.push(toIndexedDocument(record));
    }
    return documents.sort((a, b) => a.id.localeCompare(b.id));
  }

  async getDocument(documentId: string): Promise<IndexedDocument | undefined> {
    try {
      const record = await this.client.getDocument(recordKey('document', documentId), {
        selectedFields: [...RETRIEVED_FIELDS],
      });
      return toIndexedDocument(record as SearchRecord);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw new BackendError('index', `cannot read document ${documentId} from Azure AI Search`, {
        cause: error,
      });
    }
  }

  async stats(): Promise<{ documents: number; chunks: number }> {
    const count = async (kind: string) => {
      const response = await this.client.search('*', {
        filter: `kind eq ${odataString(kind)}`,
        top: 0,
        includeTotalCount: true,
      });
      return response.count ?? 0;
    };
    const [documents, chunks] = await Promise.all([count('document'), count('chunk')]);
    return { documents, chunks };
  }

  async check(): Promise<HealthCheck> {
    const where = `${this.client.endpoint} index ${this.client.indexName}`;
    try {
      await this.options.indexClient.getIndex(this.client.indexName);
      const { documents, chunks } = await this.stats();
      if (this.options.embedder) await this.options.embedder.embed(['health check']);
      const vectors = this.options.embedder ? 'hybrid' : 'keyword only';
      const semantic = this.options.semanticRanker === false ? '' : ' + semantic ranker';
      return {
        name: 'index',
        ok: true,
        detail: `azure-ai-search ${where}: ${documents} documents, ${chunks} chunks (${vectors}${semantic})`,
      };
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      const hint = status === 404 ? ' (run `lumen index create`)' : '';
      return {
        name: 'index',
        ok: false,
        detail: `azure-ai-search ${where}: ${status ? `HTTP ${status} ` : ''}${(error as Error).message}${hint}`,
      };
    }
  }

  async close(): Promise<void> {}

  /**
   * The question's embedding, or none when the embedding deployment is throttled or down:
   * the query then runs on keywords and the semantic ranker instead of failing.
   */
  private async queryVector(text: string): Promise<number[] | undefined> {
    if (!this.options.embedder) return undefined;
    try {
      return (await this.options.embedder.embed([text], { budgetMs: QUERY_EMBEDDING_BUDGET_MS }))[0];
    } catch (error) {
      this.log.warn('query embedding failed; searching without vectors', { error: describeError(error) });
      return undefined;
    }
  }

  private searchOptions(
    filter: string,
    top: number,
    vector: number[] | undefined,
  ): SearchOptions<SearchRecord> {
    const semantic = this.options.semanticRanker !== false;
    return {
      filter,
      top,
      select: [...RETRIEVED_FIELDS],
      ...(semantic
        ? {
            queryType: 'semantic' as const,
            semanticSearchOptions: {
              configurationName: SEMANTIC_CONFIGURATION,
              captions: { captionType: 'extractive' as const, highlight: false },
              errorMode: 'partial' as const,
            },
          }
        : { queryType: 'simple' as const }),
      ...(vector
        ? {
            vectorSearchOptions: {
              queries: [
                {
                  kind: 'vector' as const,
                  vector,
                  fields: ['contentVector'],
                  kNearestNeighborsCount: this.options.vectorK ?? 50,
                },
              ],
              filterMode: 'preFilter' as const,
            },
          }
        : {}),
    } as SearchOptions<SearchRecord>;
  }

  /**
   * Every record matching a filter, in document id order, a page at a time. Pages continue
   * after the last id seen rather than skipping, since `skip` stops at 100,000.
   */
  private async *records(filter: string): AsyncGenerator<SearchRecord> {
    let after: string | undefined;
    for (;;) {
      const response = await this.client.search('*', {
        filter: after === undefined ? filter : `(${filter}) and documentId gt ${odataString(after)}`,
        select: [...RETRIEVED_FIELDS],
        orderBy: ['documentId asc'],
        top: this.pageSize,
      });
      let count = 0;
      for await (const result of response.results) {
        const record = result.document as SearchRecord;
        after = record.documentId;
        count++;
        yield record;
      }
      if (count < this.pageSize) return;
    }
  }

  private async chunkKeysOf(documentId: string): Promise<Set<string>> {
    const keys = new Set<string>();
    const response = await this.client.search('*', {
      filter: `kind eq 'chunk' and documentId eq ${odataString(documentId)}`,
      select: ['id'],
      // One document's chunks; the client follows continuation pages past 1,000.
      top: 100_000,
    });
    for await (const result of response.results) keys.add((result.document as Pick<SearchRecord, 'id'>).id);
    return keys;
  }

  private write(action: 'mergeOrUpload' | 'delete', records: SearchRecord[]): Promise<void> {
    return writeRecords(this.client, action, records, this.batchSize);
  }
}
