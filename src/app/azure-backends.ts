import type { Config } from '../config/index.js';
import type { ChatModel, KnowledgeIndex, Logger } from '../core/ports.js';

/**
 * The Azure OpenAI chat model when configured, answering through `fallback` when the
 * service cannot. The SDKs load only when Azure is configured.
 */
export async function createAzureChatModel(
  config: Config,
  fallback: ChatModel,
  log: Logger,
): Promise<ChatModel | undefined> {
  const openai = config.azure?.openai;
  if (!openai || openai.chatDeployments.length === 0) return undefined;
  const { AzureOpenAIModel, createChatDeployments } = await import('../llm/azure-openai/index.js');
  const { loadPrompts } = await import('../llm/prompts.js');
  return new AzureOpenAIModel({
    deployments: createChatDeployments(openai),
    prompts: loadPrompts(),
    fallback,
    budget: {
      contextTokens: openai.contextTokens,
      sourceTokens: openai.sourceTokens,
      answerTokens: openai.answerTokens,
    },
    timeoutMs: openai.timeoutMs,
    retryBudgetMs: openai.retryBudgetMs,
    cacheSize: openai.cacheSize,
    log,
  });
}

/** The Azure AI Search index when configured. */
export async function createAzureKnowledgeIndex(
  config: Config,
  log: Logger,
): Promise<KnowledgeIndex | undefined> {
  if (!config.azure?.search) return undefined;
  const { createAzureSearchIndex } = await import('../knowledge/index/azure/index.js');
  return createAzureSearchIndex(config.azure?.search, config.azure?.openai, { log });
}
