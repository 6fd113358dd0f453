import type {
  AnswerRequest,
  ChatModel,
  HealthCheck,
  HistoryEntry,
  Logger,
  ModelAnswer,
} from '../../core/ports.js';
import { silentLogger } from '../../core/ports.js';
import { passageText } from '../../text/passages/index.js';
import type { PromptSet } from '../prompts.js';
import { AnswerCache } from './answer-cache.js';
import { answerMessages, type ChatMessage, rewriteMessages } from './build-messages.js';
import { checkCitations } from './check-citations.js';
import { type BreakerPolicy, DEFAULT_BREAKER_POLICY } from './circuit-breaker.js';
import { type ChatDeployment, DeploymentPool, type PooledDeployment } from './deployment-pool.js';
import { classifyFailure, type Failure } from './failures.js';
import { DEFAULT_RETRY_BUDGET_MS } from './retry-budget.js';
import { type Completion, completeOnce, streamCompletion } from './stream-completion.js';
import { fitSources, type TokenBudget } from './token-budget.js';

/** Shown under an answer the extractive fallback wrote because the model could not. */
export const FALLBACK_NOTICE =
  'The AI model is busy or unavailable right now, so this answer quotes the sources directly.';
/** Shown when the content filter blocked the question. */
export const PROMPT_FILTERED_NOTICE =
  "I can't help with that request as it is phrased. Please rephrase it, or ask a person for help.";
/** Shown when the content filter withheld the generated answer. */
export const COMPLETION_FILTERED_NOTICE =
  'The generated answer was withheld by the content filter, so this answer quotes the sources directly.';

export interface AzureOpenAIModelOptions {
  /** In order of preference; later ones take over while earlier ones are throttled or failing. */
  deployments: ChatDeployment[];
  prompts: PromptSet;
  /** Answers when the model cannot (extractive): quota exhausted, outage, filtered completion. */
  fallback: ChatModel;
  budget?: Partial<TokenBudget>;
  /** Longest a single call may take, streaming included. */
  timeoutMs?: number;
  /** Longest the retries of one answer may take before the fallback answers. */
  retryBudgetMs?: number;
  breaker?: BreakerPolicy;
  /** Answers remembered for repeated questions; 0 turns the cache off. */
  cacheSize?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: Logger;
}

const DEFAULT_BUDGET: TokenBudget = { contextTokens: 128_000, sourceTokens: 6_000, answerTokens: 800 };
const BASE_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 4_000;

type Attempt =
  | { ok: true; completion: Completion; deployment: PooledDeployment }
  | { ok: false; reason: 'prompt_filtered' | 'exhausted' | 'fatal' };

/**
 * Grounded answers from Azure OpenAI chat deployments, streamed. Sources are trimmed to
 * the token budget, citations are checked after generation (unknown `[n]` removed; none
 * left means abstention), and failures degrade instead of failing the turn: throttling and
 * outages are retried across deployments within a time budget and then answered by the
 * extractive fallback with a notice; a filtered prompt gets a polite refusal.
 */
export class AzureOpenAIModel implements ChatModel {
  readonly name: string;
  readonly cache: AnswerCache;
  private readonly pool: DeploymentPool;
  private readonly budget: TokenBudget;
  private readonly timeoutMs: number;
  private readonly retryBudgetMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly log: Logger;

  constructor(private readonly options: AzureOpenAIModelOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.pool = new DeploymentPool(options.deployments, options.breaker ?? DEFAULT_BREAKER_POLICY, this.now);
    this.budget = { ...DEFAULT_BUDGET, ...options.budget };
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retryBudgetMs = options.retryBudgetMs ?? DEFAULT_RETRY_BUDGET_MS;
    this.cache = new AnswerCache(options.cacheSize ?? 500, 60 * 60 * 1000, this.now);
    this.log = options.log ?? silentLogger;
    this.name = `azure-openai (${options.deployments.map((d) => d.name).join(', ')})`;
  }

  async answer(request: AnswerRequest, onPartial?: (textSoFar: string) => void): Promise<ModelAnswer> {
    const prompt = this.options.prompts.answer;
    const passages = request.passages ?? [];
    const fixed = [
      prompt.text,
      request.question,
      request.standaloneQuestion,
      ...passages.map(passageText),
    ].join('\n');
    const { sources, dropped } = fitSources(request.sources, fixed, this.budget);
    if (sources.length === 0)
      return { text: '', abstained: true, model: this.name, promptVersion: prompt.version };
    const fitted = { ...request, sources };
    const key = AnswerCache.key(fitted, prompt.version);
    const cached = this.cache.get(key);
    if (cached) {
      if (!cached.abstained) onPartial?.(cached.text);
      return { ...cached, usage: { promptTokens: 0, completionTokens: 0 } };
    }
    if (dropped > 0) this.log.info('sources trimmed to the token budget', { kept: sources.length, dropped });

    const messages = answerMessages(
      prompt.text,
      request.question,
      request.standaloneQuestion,
      sources,
      passages,
    );
    const attempt = await this.callWithRetries(messages, onPartial);
    if (!attempt.ok) {
      if (attempt.reason === 'prompt_filtered') {
        return {
          text: '',
          abstained: true,
          model: this.name,
          promptVersion: prompt.version,
          notice: PROMPT_FILTERED_NOTICE,
        };
      }
      return this.fallback(request, onPartial, FALLBACK_NOTICE);
    }
    const { completion, deployment } = attempt;
    if (completion.completionFiltered) {
      this.log.warn('completion filtered by the content filter', { deployment: deployment.name });
      return this.fallback(request, onPartial, COMPLETION_FILTERED_NOTICE);
    }
    const checked = checkCitations(completion.text, sources);
    if (checked.removed > 0) {
      this.log.warn('answer cited sources it was not given', {
        deployment: deployment.name,
        removed: checked.removed,
      });
    }
    const answer: ModelAnswer = {
      text: checked.cited.length > 0 ? checked.text : '',
      abstained: checked.cited.length === 0,
      model: `azure-openai:${deployment.name}`,
      promptVersion: prompt.version,
      usage: completion.usage ?? { promptTokens: 0, completionTokens: 0 },
    };
    this.cache.set(key, answer);
    return answer;
  }

  async rewriteQuery(question: string, history: HistoryEntry[]): Promise<string | undefined> {
    const deployment = this.pool.pick();
    if (!deployment) return undefined;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), Math.min(this.timeoutMs, 5_000));
    try {
      const { text } = await completeOnce(deployment.client, {
        deployment: deployment.name,
        messages: rewriteMessages(this.options.prompts.rewrite.text, question, history),
        maxTokens: 80,
        signal: controller.signal,
      });
      const line =
        text
          .split('\n')[0]
          ?.trim()
          .replace(/^["'`]+|["'`]+$/g, '') ?? '';
      return line.length > 0 && line.length <= 400 ? line : undefined;
    } catch (error) {
      const failure = classifyFailure(error, controller.signal.aborted);
      if (failure.kind === 'throttled') this.pool.throttle(deployment, failure.retryAfterMs ?? 1_000);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  async check(): Promise<HealthCheck> {
    const results: string[] = [];
    let ok = true;
    for (const deployment of this.pool.deployments) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), Math.min(this.timeoutMs, 10_000));
      try {
        await completeOnce(deployment.client, {
          deployment: deployment.name,
          messages: [{ role: 'user', content: 'ping' }],
          maxTokens: 1,
          signal: controller.signal,
        });
        results.push(`${deployment.name} ok`);
      } catch (error) {
        ok = false;
        const status = (error as { status?: number }).status;
        results.push(
          `${deployment.name} failed${status ? ` (HTTP ${status})` : ''}: ${(error as Error).message}`,
        );
      } finally {
        clearTimeout(timer);
      }
    }
    return { name: 'model', ok, detail: `azure-openai: ${results.join('; ')}` };
  }

  /**
   * Calls deployments in order of preference until one answers, within the retry budget:
   * a throttled deployment is skipped until its `Retry-After` passes, transient failures
   * back off exponentially and count against the deployment's circuit breaker.
   */
  private async callWithRetries(
    messages: ChatMessage[],
    onPartial?: (text: string) => void,
  ): Promise<Attempt> {
    const deadline = this.now() + this.retryBudgetMs;
    for (let attempt = 0; ; attempt++) {
      const deployment = this.pool.pick();
      if (!deployment) {
        const wait = this.pool.nextAvailableAt() - this.now();
        if (this.now() + wait > deadline) return { ok: false, reason: 'exhausted' };
        await this.sleep(Math.max(wait, 0));
        continue;
      }
      const result = await this.callOnce(deployment, messages, onPartial);
      if ('completion' in result) return { ok: true, completion: result.completion, deployment };
      const failure: Failure = result.failure;
      this.log.warn('chat deployment call failed', {
        deployment: deployment.name,
        failure: failure.kind,
        attempt,
      });
      if (failure.kind === 'prompt_filtered') return { ok: false, reason: 'prompt_filtered' };
      if (failure.kind === 'fatal') {
        deployment.breaker.failure();
        if (this.pool.deployments.length === 1) return { ok: false, reason: 'fatal' };
        this.pool.throttle(deployment, this.retryBudgetMs);
        continue;
      }
      if (failure.kind === 'throttled') {
        this.pool.throttle(deployment, failure.retryAfterMs ?? backoff(attempt));
        continue;
      }
      deployment.breaker.failure();
      const wait = backoff(attempt);
      if (this.now() + wait > deadline) return { ok: false, reason: 'exhausted' };
      await this.sleep(wait);
    }
  }

  private async callOnce(
    deployment: PooledDeployment,
    messages: ChatMessage[],
    onPartial?: (text: string) => void,
  ): Promise<{ completion: Completion } | { failure: Failure }> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    deployment.breaker.begin();
    try {
      const completion = await streamCompletion(deployment.client, {
        deployment: deployment.name,
        messages,
        maxTokens: this.budget.answerTokens,
        signal: controller.signal,
        ...(onPartial ? { onDelta: onPartial } : {}),
      });
      deployment.breaker.success();
      return { completion };
    } catch (error) {
      const failure = classifyFailure(error, timedOut);
      // Throttling and filtering say nothing about health; the caller counts real failures.
      if (failure.kind === 'throttled' || failure.kind === 'prompt_filtered') deployment.breaker.release();
      return { failure };
    } finally {
      clearTimeout(timer);
    }
  }

  private async fallback(
    request: AnswerRequest,
    onPartial: ((text: string) => void) | undefined,
    notice: string,
  ): Promise<ModelAnswer> {
    const answer = await this.options.fallback.answer(request, onPartial);
    return { ...answer, notice };
  }
}

/** Exponential backoff with jitter: 250 ms, 500 ms, 1 s… up to 4 s. */
function backoff(attempt: number): number {
  const base = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}
