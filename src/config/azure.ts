import * as z from 'zod';
import { ConfigError } from '../core/errors.js';
import { DEFAULT_RETRY_BUDGET_MS } from '../llm/azure-openai/retry-budget.js';

const url = z.url({ error: 'must be a URL such as https://my-resource.openai.azure.com' });

const positiveInt = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number greater than 0' })
    .int('must be a whole number greater than 0')
    .positive('must be a whole number greater than 0')
    .default(fallback);

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** `name` or `name@https://other-resource.openai.azure.com`, comma-separated. */
const deployments = z.string().transform((v, ctx) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf('@');
      if (at < 0) return { name: entry };
      const endpoint = entry.slice(at + 1);
      if (!/^https?:\/\/\S+$/.test(endpoint)) {
        ctx.addIssue({ code: 'custom', message: 'must list deployments as name or name@https://endpoint' });
      }
      return { name: entry.slice(0, at), endpoint };
    }),
);

/** The Azure settings, merged into the main configuration schema. */
export const AZURE_SETTINGS = {
  AZURE_OPENAI_ENDPOINT: url.optional(),
  AZURE_OPENAI_API_KEY: z.string().optional(),
  AZURE_OPENAI_CHAT_DEPLOYMENT: deployments.optional(),
  AZURE_OPENAI_EMBEDDING_DEPLOYMENT: z.string().optional(),
  AZURE_OPENAI_API_VERSION: z.string().default('2024-10-21'),
  AZURE_OPENAI_CONTEXT_TOKENS: positiveInt(128_000),
  AZURE_OPENAI_SOURCE_TOKENS: positiveInt(6_000),
  AZURE_OPENAI_ANSWER_TOKENS: positiveInt(800),
  AZURE_OPENAI_TIMEOUT_MS: positiveInt(30_000),
  AZURE_OPENAI_RETRY_BUDGET_MS: positiveInt(DEFAULT_RETRY_BUDGET_MS),
  AZURE_OPENAI_CACHE_SIZE: z.coerce.number().int().min(0, 'must be 0 (off) or more').default(500),
  AZURE_SEARCH_ENDPOINT: z
    .url({ error: 'must be a URL such as https://my-search.search.windows.net' })
    .optional(),
  AZURE_SEARCH_API_KEY: z.string().optional(),
  AZURE_SEARCH_INDEX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,126}$/, 'must be lower-case letters, digits and dashes')
    .optional(),
  AZURE_SEARCH_SEMANTIC_RANKER: bool.default(true),
  AZURE_SEARCH_EMBEDDING_DIMENSIONS: positiveInt(1536),
  AZURE_SEARCH_VECTOR_K: positiveInt(50),
};

type AzureSettings = z.output<z.ZodObject<typeof AZURE_SETTINGS>>;

/** One chat deployment; `endpoint` when it lives on another resource (another region). */
export interface DeploymentConfig {
  name: string;
  endpoint?: string;
}

export interface AzureOpenAIConfig {
  endpoint: string;
  /** Absent: Entra ID (managed identity, `az login`) through DefaultAzureCredential. */
  apiKey?: string;
  chatDeployments: DeploymentConfig[];
  embeddingDeployment?: string;
  apiVersion: string;
  contextTokens: number;
  sourceTokens: number;
  answerTokens: number;
  timeoutMs: number;
  retryBudgetMs: number;
  cacheSize: number;
}

export interface AzureSearchConfig {
  endpoint: string;
  apiKey?: string;
  index: string;
  semanticRanker: boolean;
  embeddingDimensions: number;
  vectorK: number;
}

export interface AzureConfig {
  /** Set when `AZURE_OPENAI_ENDPOINT` and a chat deployment are configured. */
  openai?: AzureOpenAIConfig;
  /** Set when `AZURE_SEARCH_ENDPOINT` and `AZURE_SEARCH_INDEX` are configured. */
  search?: AzureSearchConfig;
}

/**
 * Turns validated settings into the Azure part of the configuration; throws a ConfigError
 * naming the setting when settings that go together are only partly set.
 */
export function toAzureConfig(s: AzureSettings): AzureConfig {
  const problems: string[] = [];
  let openai: AzureOpenAIConfig | undefined;
  let search: AzureSearchConfig | undefined;
  const chat = s.AZURE_OPENAI_CHAT_DEPLOYMENT ?? [];
  if (s.AZURE_OPENAI_ENDPOINT && chat.length === 0) {
    problems.push('AZURE_OPENAI_CHAT_DEPLOYMENT is required when AZURE_OPENAI_ENDPOINT is set');
  }
  if (!s.AZURE_OPENAI_ENDPOINT && (chat.length > 0 || s.AZURE_OPENAI_EMBEDDING_DEPLOYMENT)) {
    problems.push('AZURE_OPENAI_ENDPOINT is required when an Azure OpenAI deployment is set');
  }
  if (s.AZURE_OPENAI_ENDPOINT) {
    openai = {
      endpoint: s.AZURE_OPENAI_ENDPOINT,
      ...(s.AZURE_OPENAI_API_KEY ? { apiKey: s.AZURE_OPENAI_API_KEY } : {}),
      chatDeployments: chat,
      ...(s.AZURE_OPENAI_EMBEDDING_DEPLOYMENT
        ? { embeddingDeployment: s.AZURE_OPENAI_EMBEDDING_DEPLOYMENT }
        : {}),
      apiVersion: s.AZURE_OPENAI_API_VERSION,
      contextTokens: s.AZURE_OPENAI_CONTEXT_TOKENS,
      sourceTokens: s.AZURE_OPENAI_SOURCE_TOKENS,
      answerTokens: s.AZURE_OPENAI_ANSWER_TOKENS,
      timeoutMs: s.AZURE_OPENAI_TIMEOUT_MS,
      retryBudgetMs: s.AZURE_OPENAI_RETRY_BUDGET_MS,
      cacheSize: s.AZURE_OPENAI_CACHE_SIZE,
    };
  }
  if (Boolean(s.AZURE_SEARCH_ENDPOINT) !== Boolean(s.AZURE_SEARCH_INDEX)) {
    problems.push('AZURE_SEARCH_ENDPOINT and AZURE_SEARCH_INDEX must be set together');
  } else if (s.AZURE_SEARCH_ENDPOINT && s.AZURE_SEARCH_INDEX) {
    search = {
      endpoint: s.AZURE_SEARCH_ENDPOINT,
      ...(s.AZURE_SEARCH_API_KEY ? { apiKey: s.AZURE_SEARCH_API_KEY } : {}),
      index: s.AZURE_SEARCH_INDEX,
      semanticRanker: s.AZURE_SEARCH_SEMANTIC_RANKER,
      embeddingDimensions: s.AZURE_SEARCH_EMBEDDING_DIMENSIONS,
      vectorK: s.AZURE_SEARCH_VECTOR_K,
    };
  }
  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid configuration: ${problems.join('; ')}. Fix it in the environment or in .env.`,
    );
  }
  return { ...(openai ? { openai } : {}), ...(search ? { search } : {}) };
}
