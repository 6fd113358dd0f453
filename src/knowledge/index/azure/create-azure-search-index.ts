import type { TokenCredential } from '@azure/identity';
import { DefaultAzureCredential } from '@azure/identity';
import { AzureKeyCredential, SearchClient, SearchIndexClient } from '@azure/search-documents';
import type { AzureOpenAIConfig, AzureSearchConfig } from '../../../config-azure.js';
import type { Logger } from '../../../core/ports.js';
import { createOpenAIClient } from '../../../llm/azure-openai/create-clients.js';
import { AzureEmbedder } from '../../../llm/azure-openai/embedder.js';
import { AzureSearchIndex } from './azure-search-index.js';
import type { SearchRecord } from './index-definition.js';

export interface CreateAzureSearchIndexOptions {
  log?: Logger;
  /** Entra ID credential when no API key is set; defaults to DefaultAzureCredential. */
  credential?: TokenCredential;
  /** Plain HTTP endpoints (local stand-ins) need this; never for a real service. */
  allowInsecureConnection?: boolean;
}

/**
 * The Azure AI Search index from configuration: API key or Entra ID, and vectors from the
 * Azure OpenAI embedding deployment when one is configured (keyword + semantic otherwise).
 */
export function createAzureSearchIndex(
  search: AzureSearchConfig,
  openai: AzureOpenAIConfig | undefined,
  options: CreateAzureSearchIndexOptions = {},
): AzureSearchIndex {
  const credential = search.apiKey
    ? new AzureKeyCredential(search.apiKey)
    : (options.credential ?? new DefaultAzureCredential());
  const clientOptions = options.allowInsecureConnection ? { allowInsecureConnection: true } : {};
  const searchClient = new SearchClient<SearchRecord>(
    search.endpoint,
    search.index,
    credential,
    clientOptions,
  );
  const indexClient = new SearchIndexClient(search.endpoint, credential, clientOptions);
  const embedder =
    openai?.embeddingDeployment !== undefined
      ? new AzureEmbedder({
          client: createOpenAIClient(openai.endpoint, openai),
          deployment: openai.embeddingDeployment,
          dimensions: search.embeddingDimensions,
        })
      : undefined;
  return new AzureSearchIndex({
    searchClient,
    indexClient,
    ...(embedder ? { embedder } : {}),
    semanticRanker: search.semanticRanker,
    vectorK: search.vectorK,
    ...(options.log ? { log: options.log } : {}),
  });
}
