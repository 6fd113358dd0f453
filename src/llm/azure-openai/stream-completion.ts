import type OpenAI from 'openai';
import type { ChatMessage } from './build-messages.js';

/** What one streamed chat completion produced. */
export interface Completion {
  text: string;
  finishReason: string | undefined;
  usage: { promptTokens: number; completionTokens: number } | undefined;
  /** True when the service filtered the completion (`finish_reason: content_filter`). */
  completionFiltered: boolean;
}

/** Options for one call. */
export interface CompletionCall {
  deployment: string;
  messages: ChatMessage[];
  maxTokens: number;
  signal: AbortSignal;
  onDelta?: (textSoFar: string) => void;
}

/**
 * Streams one chat completion from a deployment. Azure sends a first chunk with only
 * `prompt_filter_results` (no choices) and, with `include_usage`, a last chunk with only
 * `usage`; both are handled. Retries are the caller's business (`maxRetries: 0`).
 */
export async function streamCompletion(client: OpenAI, call: CompletionCall): Promise<Completion> {
  const stream = await client.chat.completions.create(
    {
      model: call.deployment,
      messages: call.messages,
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: call.maxTokens,
      temperature: 0,
    },
    { signal: call.signal, maxRetries: 0 },
  );
  let text = '';
  let finishReason: string | undefined;
  let usage: Completion['usage'];
  for await (const chunk of stream) {
    if (chunk.usage) {
      usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
    }
    const choice = chunk.choices?.[0];
    if (!choice) continue;
    const delta = choice.delta?.content;
    if (delta) {
      text += delta;
      call.onDelta?.(text);
    }
    if (choice.finish_reason) finishReason = choice.finish_reason;
  }
  return { text, finishReason, usage, completionFiltered: finishReason === 'content_filter' };
}

/** One short, non-streamed completion (query rewriting, health checks). */
export async function completeOnce(
  client: OpenAI,
  call: Omit<CompletionCall, 'onDelta'>,
): Promise<{ text: string; finishReason: string | undefined }> {
  const response = await client.chat.completions.create(
    { model: call.deployment, messages: call.messages, max_tokens: call.maxTokens, temperature: 0 },
    { signal: call.signal, maxRetries: 0 },
  );
  const choice = response.choices[0];
  return { text: choice?.message?.content ?? '', finishReason: choice?.finish_reason ?? undefined };
}
