import type { TokenCredential } from '@azure/identity';
import { DefaultAzureCredential } from '@azure/identity';
import { AzureKeyCredential, SearchClient, SearchIndexClient } from '@azure/search-documents';
import type { AzureOpenAIConfig, AzureSearchConfig } from '../../../config/azure.js';
import type { Logger } from '../../../core/ports.js';
import { createOpenAIClient } from '../../../llm/azure-openai/create-clients.js';
import { AzureEmbedder } from '../../../llm/azure-openai/embedder.js';
import { AzureSearchIndex } from './azure-search-index.js';
import type { SearchRecord } from './index-definition.js';

export interface CreateAzureSearchIndexOptions {
  log?: Logger;
  /** Entra ID credential when no API key is set; defaults to DefaultAzureCredential. */
  credential?: TokenCredential;
  /**
   * Allows plain HTTP. Defaults to true only for a loopback endpoint (a local emulator or
   * stand-in), so a key is never sent unencrypted over a network.
   */
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
  const insecure = options.allowInsecureConnection ?? isLoopback(search.endpoint);
  const clientOptions = insecure ? { allowInsecureConnection: true } : {};
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

function isLoopback(endpoint: string): boolean {
  const { protocol, hostname } = new URL(endpoint);
  return (
    protocol === 'http:' && (hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]')
  );
}
