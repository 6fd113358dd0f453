import { DefaultAzureCredential, getBearerTokenProvider } from '@azure/identity';
import { AzureOpenAI } from 'openai';
import type { AzureOpenAIConfig } from '../../config/azure.js';
import type { ChatDeployment } from './deployment-pool.js';

/** The scope Azure OpenAI accepts Entra ID tokens for. */
export const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

/** Options the clients share; tests pass `fetch` or a shorter timeout. */
export interface ClientFactoryOptions {
  /** Token provider for Entra ID; defaults to DefaultAzureCredential (managed identity, az login). */
  tokenProvider?: () => Promise<string>;
}

/**
 * One `AzureOpenAI` client per resource endpoint: API key when configured, otherwise
 * Entra ID bearer tokens. The client does not retry on its own; the model's retry loop
 * decides, so a throttled region is skipped instead of waited on.
 */
export function createOpenAIClient(
  endpoint: string,
  config: Pick<AzureOpenAIConfig, 'apiKey' | 'apiVersion' | 'timeoutMs'>,
  options: ClientFactoryOptions = {},
): AzureOpenAI {
  const auth = config.apiKey
    ? { apiKey: config.apiKey }
    : {
        azureADTokenProvider:
          options.tokenProvider ??
          getBearerTokenProvider(new DefaultAzureCredential(), COGNITIVE_SERVICES_SCOPE),
      };
  return new AzureOpenAI({
    endpoint,
    apiVersion: config.apiVersion,
    maxRetries: 0,
    timeout: config.timeoutMs,
    ...auth,
  });
}

/** The chat deployments of a configuration, each with the client of its resource. */
export function createChatDeployments(
  config: AzureOpenAIConfig,
  options: ClientFactoryOptions = {},
): ChatDeployment[] {
  const clients = new Map<string, AzureOpenAI>();
  const clientFor = (endpoint: string) => {
    let client = clients.get(endpoint);
    if (!client) {
      client = createOpenAIClient(endpoint, config, options);
      clients.set(endpoint, client);
    }
    return client;
  };
  return config.chatDeployments.map((d) => ({
    name: d.name,
    client: clientFor(d.endpoint ?? config.endpoint),
  }));
}
