import type OpenAI from 'openai';
import { classifyFailure } from './failures.js';

/** Turns texts into vectors for hybrid search. */
export interface Embedder {
  readonly dimensions: number;
  /** `budgetMs` bounds the waiting on retries (a query cannot wait like ingestion can). */
  embed(texts: string[], options?: { budgetMs?: number }): Promise<number[][]>;
}

export interface AzureEmbedderOptions {
  client: OpenAI;
  deployment: string;
  dimensions: number;
  /** Texts per request; Azure accepts up to 2048 inputs, smaller batches fail less. */
  batchSize?: number;
  /** Attempts per batch on throttling or transient failure. */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Embeddings from an Azure OpenAI embedding deployment, in batches, each batch retried on
 * 429 (honouring `Retry-After`) and transient failures.
 */
export class AzureEmbedder implements Embedder {
  readonly dimensions: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: AzureEmbedderOptions) {
    this.dimensions = options.dimensions;
    this.batchSize = options.batchSize ?? 64;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async embed(texts: string[], options: { budgetMs?: number } = {}): Promise<number[][]> {
    const deadline = Date.now() + (options.budgetMs ?? Number.POSITIVE_INFINITY);
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      vectors.push(...(await this.embedBatch(texts.slice(i, i + this.batchSize), deadline)));
    }
    return vectors;
  }

  private async embedBatch(batch: string[], deadline: number): Promise<number[][]> {
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.options.client.embeddings.create(
          {
            model: this.options.deployment,
            // Empty input is rejected by the service; a single space embeds as "nothing".
            input: batch.map((t) => t.slice(0, 24_000) || ' '),
            dimensions: this.dimensions,
          },
          { maxRetries: 0 },
        );
        const sorted = [...response.data].sort((a, b) => a.index - b.index);
        if (sorted.length !== batch.length) {
          throw new Error(`expected ${batch.length} embeddings, got ${sorted.length}`);
        }
        return sorted.map((d) => d.embedding as number[]);
      } catch (error) {
        const failure = classifyFailure(error, false);
        const retryable = failure.kind === 'throttled' || failure.kind === 'transient';
        if (!retryable || attempt >= this.maxAttempts) throw error;
        const wait =
          failure.kind === 'throttled' && failure.retryAfterMs !== undefined
            ? failure.retryAfterMs
            : Math.min(8_000, 500 * 2 ** (attempt - 1));
        if (Date.now() + wait > deadline) throw error;
        await this.sleep(wait);
      }
    }
  }
}
