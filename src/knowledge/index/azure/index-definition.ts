import type { SearchIndex } from '@azure/search-documents';

/** Name of the semantic configuration the queries use. */
export const SEMANTIC_CONFIGURATION = 'lumen-semantic';
/** Name of the vector profile of the content vector. */
export const VECTOR_PROFILE = 'lumen-vector-profile';
const VECTOR_ALGORITHM = 'lumen-hnsw';

/** One record of the index: a chunk (`kind: 'chunk'`) or a document's bookkeeping record. */
export interface SearchRecord {
  /** Document key: base64url of the chunk or document id (keys allow only letters, digits, `-_=`). */
  id: string;
  kind: 'chunk' | 'document';
  chunkId: string;
  documentId: string;
  documentPath: string;
  documentHash: string;
  chunkCount: number;
  source: string;
  title: string;
  content: string;
  url: string;
  /** Citation label, the "source page": `handbook.pdf#page=4`. */
  location: string;
  page: number | null;
  headingPath: string[];
  updatedAt: string | null;
  contentHash: string;
  contentVector?: number[] | null;
  /** `user:<id or email>` principals, without the prefix. */
  aclUserIds: string[];
  /** `group:<name>` principals, without the prefix. */
  aclGroupIds: string[];
  /** The `everyone` principal. */
  aclEveryone: boolean;
}

/** Fields a query reads back (the vector stays on the service). */
export const RETRIEVED_FIELDS = [
  'id',
  'kind',
  'chunkId',
  'documentId',
  'documentPath',
  'documentHash',
  'chunkCount',
  'source',
  'title',
  'content',
  'url',
  'location',
  'page',
  'headingPath',
  'updatedAt',
  'contentHash',
  'aclUserIds',
  'aclGroupIds',
  'aclEveryone',
] as const satisfies readonly (keyof SearchRecord)[];

export interface IndexDefinitionOptions {
  /** Dimensions of the embedding deployment (text-embedding-3-small: 1536, or fewer if requested). */
  dimensions: number;
  /** English analyzer by default; any Azure analyzer name such as `fr.microsoft`. */
  analyzer?: string;
  /** The synonym map the searchable text fields expand queries with; none when absent. */
  synonymMapName?: string;
}

/**
 * The Azure AI Search index Lumen writes and queries: searchable title, headings and
 * content, a content vector for hybrid search, filterable ACL fields (user ids, group ids,
 * everyone), and a semantic configuration over title and content. With a synonym map, the
 * title, headings and content expand queries with the company's synonyms.
 */
export function lumenIndexDefinition(name: string, options: IndexDefinitionOptions): SearchIndex {
  const analyzerName = options.analyzer ?? 'en.microsoft';
  const text = {
    searchable: true,
    analyzerName,
    ...(options.synonymMapName ? { synonymMapNames: [options.synonymMapName] } : {}),
  };
  return {
    name,
    fields: [
      { name: 'id', type: 'Edm.String', key: true, filterable: true },
      { name: 'kind', type: 'Edm.String', filterable: true, facetable: true },
      { name: 'chunkId', type: 'Edm.String', filterable: true },
      { name: 'documentId', type: 'Edm.String', filterable: true, sortable: true },
      { name: 'documentPath', type: 'Edm.String' },
      { name: 'documentHash', type: 'Edm.String' },
      { name: 'chunkCount', type: 'Edm.Int32' },
      { name: 'source', type: 'Edm.String', filterable: true, facetable: true },
      { name: 'title', type: 'Edm.String', ...text },
      { name: 'content', type: 'Edm.String', ...text },
      { name: 'url', type: 'Edm.String' },
      { name: 'location', type: 'Edm.String', filterable: true },
      { name: 'page', type: 'Edm.Int32', filterable: true },
      { name: 'headingPath', type: 'Collection(Edm.String)', ...text },
      { name: 'updatedAt', type: 'Edm.DateTimeOffset', filterable: true, sortable: true },
      { name: 'contentHash', type: 'Edm.String' },
      {
        name: 'contentVector',
        type: 'Collection(Edm.Single)',
        searchable: true,
        hidden: true,
        vectorSearchDimensions: options.dimensions,
        vectorSearchProfileName: VECTOR_PROFILE,
      },
      { name: 'aclUserIds', type: 'Collection(Edm.String)', filterable: true },
      { name: 'aclGroupIds', type: 'Collection(Edm.String)', filterable: true },
      { name: 'aclEveryone', type: 'Edm.Boolean', filterable: true },
    ],
    vectorSearch: {
      algorithms: [
        {
          name: VECTOR_ALGORITHM,
          kind: 'hnsw',
          parameters: { metric: 'cosine', m: 4, efConstruction: 400, efSearch: 500 },
        },
      ],
      profiles: [{ name: VECTOR_PROFILE, algorithmConfigurationName: VECTOR_ALGORITHM }],
    },
    semanticSearch: {
      defaultConfigurationName: SEMANTIC_CONFIGURATION,
      configurations: [
        {
          name: SEMANTIC_CONFIGURATION,
          prioritizedFields: {
            titleField: { name: 'title' },
            contentFields: [{ name: 'content' }],
            keywordsFields: [{ name: 'headingPath' }],
          },
        },
      ],
    },
  };
}
