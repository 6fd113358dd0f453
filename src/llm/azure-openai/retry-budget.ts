/**
 * How long the retries of one answer may take before the extractive fallback answers. A
 * person is waiting in a chat: with the model throttled, the fallback should reach them
 * within 10 s of asking, and start-up, retrieval and the fallback itself need the rest.
 */
export const DEFAULT_RETRY_BUDGET_MS = 6_000;
