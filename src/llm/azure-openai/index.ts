export { AnswerCache } from './answer-cache.js';
export {
  AzureOpenAIModel,
  type AzureOpenAIModelOptions,
  COMPLETION_FILTERED_NOTICE,
  FALLBACK_NOTICE,
  PROMPT_FILTERED_NOTICE,
} from './azure-openai-model.js';
export { checkCitations } from './check-citations.js';
export { CircuitBreaker } from './circuit-breaker.js';
export { createChatDeployments, createOpenAIClient } from './create-clients.js';
export type { ChatDeployment } from './deployment-pool.js';
export { AzureEmbedder, type Embedder } from './embedder.js';
export { DEFAULT_RETRY_BUDGET_MS } from './retry-budget.js';
export { estimateTokens, fitSources } from './token-budget.js';
