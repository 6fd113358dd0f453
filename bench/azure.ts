/**
 * Azure OpenAI path benchmark: `npx tsx bench/azure.ts [--limit N]`.
 *
 * Runs the real core (local index over the Zava corpus, AzureOpenAIModel with the real
 * `AzureOpenAI` client) against a zero-latency local stand-in of Azure OpenAI and prints:
 * - time to first token added by Lumen: first streamed text through the whole ask flow,
 *   minus the client's own time to first token from the same stand-in (target < 100 ms);
 * - prompt tokens per answer with the top-3 sources (the reference's setting) and with ours;
 * - cache hits when the same questions are asked again (no model call).
 * The corpus and questions are read from ../shared/bench/zava and never copied here.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ChannelMessenger, OutboxMessenger } from '../src/channels/outbox-messenger.js';
import { PACKAGE_ROOT } from '../src/config/index.js';
import type { AskOptions } from '../src/core/context.js';
import { createCopilot } from '../src/core/index.js';
import { systemClock } from '../src/core/ports.js';
import { readQuestionSet } from '../src/eval/index.js';
import { LocalIndex } from '../src/knowledge/index/local/index.js';
import { ingestFolder } from '../src/knowledge/ingest-folder.js';
import { AzureOpenAIModel, createOpenAIClient, estimateTokens } from '../src/llm/azure-openai/index.js';
import { streamCompletion } from '../src/llm/azure-openai/stream-completion.js';
import { ExtractiveModel } from '../src/llm/extractive/index.js';
import { loadPrompts } from '../src/llm/prompts.js';
import { openStore } from '../src/store/index.js';
import { AzureOpenAIStandIn, type RecordedRequest } from '../test/helpers/azure-openai-stand-in.js';

const ZAVA = resolve(PACKAGE_ROOT, '../shared/bench/zava');
const ZAVA_FALLBACK = '/work/shared/bench/zava';
const zava = existsSync(ZAVA) ? ZAVA : ZAVA_FALLBACK;
const limitArg = process.argv.indexOf('--limit');
const limit = limitArg > 0 ? Number(process.argv[limitArg + 1]) : Number.POSITIVE_INFINITY;

const ANSWER =
  'Under the plan, in-network providers have agreed to accept the negotiated rate, so you pay only your share [1]. ' +
  'Out-of-network care can cost more, and you may owe the difference [2].';
const DELTAS = ANSWER.match(/\S+\s*/g)!;

/** Stand-in usage: prompt tokens estimated from what was actually sent. */
function respond(request: RecordedRequest) {
  const messages = (request.body.messages as { content: string }[]) ?? [];
  const prompt = messages.reduce((sum, m) => sum + estimateTokens(m.content) + 4, 0);
  return {
    kind: 'stream' as const,
    deltas: DELTAS,
    usage: { prompt_tokens: prompt, completion_tokens: estimateTokens(ANSWER) },
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

async function main() {
  const questions = (await readQuestionSet(join(zava, 'ground_truth.jsonl'))).slice(0, limit);
  const dir = mkdtempSync(join(tmpdir(), 'lumen-bench-azure-'));
  const azure = await new AzureOpenAIStandIn(respond).start();
  try {
    const dbPath = join(dir, 'lumen.db');
    const index = LocalIndex.open(dbPath);
    const ingestStart = performance.now();
    const summary = await ingestFolder(index, join(zava, 'docs'));
    index.warm();
    process.stdout.write(
      `Indexed ${summary.documents} Zava documents (${summary.chunks} chunks) in ${Math.round(performance.now() - ingestStart)} ms; ${questions.length} questions.\n\n`,
    );
    const client = createOpenAIClient(azure.url, {
      apiKey: 'bench',
      apiVersion: '2024-10-21',
      timeoutMs: 10_000,
    });
    const prompts = loadPrompts();

    // The client's own time to first token from the stand-in, with a prompt of the usual size.
    const sample = [
      { role: 'system' as const, content: prompts.answer.text },
      { role: 'user' as const, content: 'word '.repeat(3_000) },
    ];
    const raw: number[] = [];
    for (let i = 0; i < 40; i++) {
      const start = performance.now();
      let first = Number.NaN;
      await streamCompletion(client, {
        deployment: 'gpt-4o',
        messages: sample,
        maxTokens: 800,
        signal: new AbortController().signal,
        onDelta: () => {
          if (Number.isNaN(first)) first = performance.now() - start;
        },
      });
      if (i >= 5) raw.push(first);
    }

    async function run(ask: Partial<AskOptions>, label: string, passes: number) {
      const store = await openStore({ sqlitePath: join(dir, `${label}.db`) });
      const model = new AzureOpenAIModel({
        deployments: [{ name: 'gpt-4o', client }],
        prompts,
        fallback: new ExtractiveModel(),
      });
      const outbox = new OutboxMessenger(store.outbox, systemClock);
      const copilot = createCopilot({
        index,
        model,
        store,
        messenger: new ChannelMessenger({ web: outbox, cli: outbox }),
        ask,
        // The benchmark measures Lumen, not the per-person limits.
        limits: { questionsPerMinute: 0, dailyTokens: 0 },
      });
      const ttft: number[] = [];
      const promptTokens: number[] = [];
      let answered = 0;
      const before = azure.chatRequests().length;
      const firstPass = { calls: 0, hits: 0 };
      for (let pass = 0; pass < passes; pass++) {
        if (pass === 1) firstPass.calls = azure.chatRequests().length - before;
        if (pass === 1) firstPass.hits = model.cache.hits;
        for (const q of questions) {
          const start = performance.now();
          let first = Number.NaN;
          const reply = await copilot.handle(
            {
              id: randomUUID(),
              channel: 'cli',
              user: { id: 'bench', groups: [] },
              conversation: { id: randomUUID(), kind: 'direct' },
              text: q.question,
              receivedAt: new Date(),
            },
            {
              partial: () => {
                if (Number.isNaN(first)) first = performance.now() - start;
              },
            },
          );
          if (reply.kind === 'answer') answered++;
          const turn = reply.turnId ? await store.turns.get(reply.turnId) : undefined;
          if (pass === 0 && !Number.isNaN(first)) ttft.push(first);
          if (pass === 0 && turn?.promptTokens) promptTokens.push(turn.promptTokens);
        }
      }
      await store.close();
      return {
        ttft,
        promptTokens,
        answered,
        modelCalls: azure.chatRequests().length - before,
        firstPass,
        cache: { hits: model.cache.hits, misses: model.cache.misses },
      };
    }

    const ours = await run({}, 'ours', 2);
    const top3 = await run({ maxSources: 3 }, 'top3', 1);
    const rawP50 = percentile(raw, 50);
    const added = ours.ttft.map((t) => t - rawP50);
    const f = (n: number) => n.toFixed(1);
    const secondPassCalls = ours.modelCalls - ours.firstPass.calls;
    const secondPassHits = ours.cache.hits - ours.firstPass.hits;
    process.stdout.write(
      [
        'Time to first token (ms)',
        `  stand-in alone (client to first delta)   p50 ${f(rawP50)}  p95 ${f(percentile(raw, 95))}`,
        `  through Lumen (question to first text)  p50 ${f(percentile(ours.ttft, 50))}  p95 ${f(percentile(ours.ttft, 95))}`,
        `  added by Lumen                          p50 ${f(percentile(added, 50))}  p95 ${f(percentile(added, 95))}  (target < 100)`,
        '',
        'Prompt tokens per answer (estimated, sources + prompt)',
        `  top-3 sources (reference setting)  mean ${Math.round(mean(top3.promptTokens))}  p95 ${Math.round(percentile(top3.promptTokens, 95))}  over ${top3.promptTokens.length} answers`,
        `  ours (up to 5 sources, ${6_000} token budget)  mean ${Math.round(mean(ours.promptTokens))}  p95 ${Math.round(percentile(ours.promptTokens, 95))}  over ${ours.promptTokens.length} answers`,
        `  completion tokens per answer (stand-in answer)  ${estimateTokens(ANSWER)}`,
        '',
        'Cache (each question asked again in a new conversation)',
        `  first pass: ${ours.firstPass.calls} model calls, ${ours.firstPass.hits} cache hits (questions asked twice in the set)`,
        `  second pass: ${secondPassCalls} model calls, ${secondPassHits} cache hits; hit rate ${f((100 * secondPassHits) / Math.max(1, secondPassHits + secondPassCalls))}%`,
        '',
      ].join('\n'),
    );
  } finally {
    await azure.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
