import { randomUUID } from 'node:crypto';
import type { CopilotContext } from '../context.js';
import { describeError } from '../errors.js';
import { personOf } from '../governance/answer-gate.js';
import { injectionSigns } from '../governance/injection.js';
import { guardAnswerText } from '../governance/output-guard.js';
import { readersOf, userPrincipals } from '../governance/principals.js';
import type { ModelAnswer, NumberedSource, SearchHit, TurnRecord } from '../ports.js';
import { abstainReply, answerReply, errorReply, escalateAction } from '../replies.js';
import type { Reply, ReplyStream } from '../reply.js';
import { conversationKey, type Turn } from '../turn.js';
import { type CitedAnswer, inertSources, resolveCitations } from './citations.js';
import { answerConfidence, gatherEvidence, hasEnoughEvidence } from './evidence.js';
import { standaloneQuery } from './follow-up.js';

const SEARCH_DOWN =
  "I can't reach the knowledge base right now, so I can't answer safely. Please try again in a few minutes, or ask a person.";
const MODEL_DOWN =
  "I found relevant sources but couldn't write an answer just now. Please try again in a minute, or ask a person.";
const PRIVATE_MORE =
  'Only sources everyone here may read were used. Ask me in a direct message for an answer that can include sources only you can access.';

/**
 * The ask flow: restate follow-ups, retrieve what the readers may see, answer with checked
 * citations or abstain, and record the turn before replying.
 */
export async function askQuestion(
  ctx: CopilotContext,
  turn: Turn,
  question: string,
  stream?: ReplyStream,
  guardrailFlags: string[] = [],
): Promise<Reply> {
  const started = performance.now();
  const key = conversationKey(turn);
  const history = await ctx.store.turns.recent(key, ctx.ask.historyTurns);
  const historyEntries = history.flatMap((t) => [
    { role: 'user' as const, text: t.question },
    { role: 'assistant' as const, text: t.answer },
  ]);
  const standalone =
    (await rewriteWithModel(ctx, question, historyEntries)) ??
    standaloneQuery(question, history, ctx.clock.now(), ctx.expander);
  const readers = readersOf(turn);
  // Whether the asker alone could have been shown more needs only the question, so it is
  // looked up alongside the search rather than after the answer.
  const privateNotice = readers.shared
    ? privateAnswerNotice(ctx, turn, standalone, readers.principals)
    : undefined;

  const retrievalStart = performance.now();
  let hits: SearchHit[];
  try {
    hits = await ctx.tracer.inSpan(
      `retrieve ${ctx.index.name}`,
      { 'lumen.index': ctx.index.name },
      async (annotate) => {
        const found = await ctx.index.search({
          text: standalone,
          principals: readers.principals,
          top: ctx.ask.top,
        });
        annotate({ 'lumen.hits': found.length, 'lumen.shared_audience': readers.shared });
        return found;
      },
    );
  } catch (error) {
    ctx.log.error('knowledge search failed', { turnId: turn.id, error: describeError(error) });
    return errorReply(SEARCH_DOWN, [escalateAction()]);
  }
  const retrievalMs = performance.now() - retrievalStart;

  const turnId = randomUUID();
  const sources: NumberedSource[] = inertSources(
    hits.slice(0, ctx.ask.maxSources).map((hit, i) => ({
      n: i + 1,
      chunk: hit.chunk,
      score: hit.score,
      ...(hit.snippet ? { snippet: hit.snippet } : {}),
    })),
  );
  // Found once: they weigh in the decision to answer and are what the embedded answerer quotes.
  const {
    passages,
    signals: evidence,
    unmatchedYear,
  } = gatherEvidence(standalone, question, hits, sources, ctx.expander);
  let answer: ModelAnswer | undefined;
  let cited: CitedAnswer = { text: '', citations: [], refs: [] };
  // The last text cited, kept because the final answer often repeats the last partial.
  let last: { text: string; cited: CitedAnswer } | undefined;
  const cite = (text: string): CitedAnswer => {
    if (last?.text !== text) {
      const resolved = resolveCitations(text, sources);
      const citedTexts = sources
        .filter((source) => resolved.citations.some((c) => c.n === source.n))
        .map((source) => source.chunk.text);
      last = {
        text,
        cited: { ...resolved, text: guardAnswerText(resolved.text, resolved.citations, citedTexts) },
      };
    }
    return last.cited;
  };
  const generationStart = performance.now();
  if (unmatchedYear === undefined && hasEnoughEvidence(evidence, ctx.ask.evidence)) {
    try {
      answer = await ctx.tracer.inSpan(
        `chat ${ctx.model.name}`,
        {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': ctx.model.name === 'extractive' ? 'lumen.extractive' : 'azure.ai.openai',
          'gen_ai.request.model': ctx.model.name,
        },
        async (annotate) => {
          const written = await ctx.model.answer(
            { question, standaloneQuestion: standalone, history: historyEntries, sources, passages },
            stream ? (text) => stream.partial(cite(text).text) : undefined,
          );
          annotate({
            'gen_ai.response.model': written.model,
            'lumen.prompt_version': written.promptVersion,
            'lumen.abstained': written.abstained,
            'lumen.answer_confidence': Math.round(answerConfidence(evidence, ctx.ask.evidence) * 1000) / 1000,
            ...(written.usage
              ? {
                  'gen_ai.usage.input_tokens': written.usage.promptTokens,
                  'gen_ai.usage.output_tokens': written.usage.completionTokens,
                }
              : {}),
          });
          return written;
        },
      );
    } catch (error) {
      ctx.log.error('answer generation failed', {
        turnId: turn.id,
        model: ctx.model.name,
        error: describeError(error),
      });
      return errorReply(MODEL_DOWN, [escalateAction()]);
    }
    if (!answer.abstained) cited = cite(answer.text);
  }
  const generationMs = performance.now() - generationStart;
  const abstained = cited.citations.length === 0;

  const injection = injectionFlags(question, sources);
  const record: TurnRecord = {
    id: turnId,
    eventId: turn.id,
    channel: turn.channel,
    conversationKey: key,
    userId: turn.user.id,
    ...(turn.user.name ? { userName: turn.user.name } : {}),
    question: ctx.storeConversationText ? question : '',
    standaloneQuery: ctx.storeConversationText ? standalone : '',
    answer: abstained || !ctx.storeConversationText ? '' : cited.text,
    abstained,
    retrieved: hits.map((h, rank) => ({
      chunkId: h.chunk.id,
      location: h.chunk.location,
      score: h.score,
      rank,
    })),
    citations: cited.refs,
    model: answer?.model ?? 'none',
    promptVersion: answer?.promptVersion ?? 'none',
    ...(answer?.usage
      ? { promptTokens: answer.usage.promptTokens, completionTokens: answer.usage.completionTokens }
      : {}),
    retrievalMs: round(retrievalMs),
    generationMs: round(generationMs),
    latencyMs: round(performance.now() - started),
    ...(guardrailFlags.length + injection.length
      ? { guardrailFlags: [...guardrailFlags, ...injection] }
      : {}),
    createdAt: ctx.clock.now(),
  };
  await ctx.store.turns.insert(record);
  if (answer?.usage) {
    ctx.usage.spend(
      personOf(turn),
      answer.usage.promptTokens + answer.usage.completionTokens,
      ctx.clock.now(),
    );
  }
  await ctx.audit.record(turn.user.id, abstained ? 'ask.abstained' : 'ask.answered', turnId, {
    channel: turn.channel,
    conversationKey: key,
    retrieved: record.retrieved.map((r) => r.chunkId),
    citations: record.citations.map((c) => c.location),
    latencyMs: record.latencyMs,
    ...(injection.length > 0 ? { flags: injection } : {}),
  });
  if (injection.length > 0) {
    ctx.log.warn('possible prompt injection', { turnId, flags: injection });
    await ctx.audit.record(turn.user.id, 'guardrail.injection_suspected', turnId, { flags: injection });
  }

  const notice = privateNotice ? await privateNotice : answer?.notice;
  return abstained
    ? abstainReply(turnId, notice)
    : answerReply(turnId, cited.text, cited.citations, notice, answer?.quoted === true);
}

async function rewriteWithModel(
  ctx: CopilotContext,
  question: string,
  history: { role: 'user' | 'assistant'; text: string }[],
) {
  if (!ctx.model.rewriteQuery || history.length === 0) return undefined;
  try {
    return await ctx.model.rewriteQuery(question, history);
  } catch (error) {
    ctx.log.warn('query rewrite failed; using the question as it is', { error: describeError(error) });
    return undefined;
  }
}

/**
 * In a shared conversation, says so when the asker alone could have been shown more. The
 * search as the asker is skipped when the index holds nothing they may read beyond what the
 * conversation's audience may. Never fails: without an answer there is no notice.
 */
async function privateAnswerNotice(
  ctx: CopilotContext,
  turn: Turn,
  query: string,
  shared: string[],
): Promise<string | undefined> {
  try {
    const principals = userPrincipals(turn.user);
    if (ctx.index.readableBeyond && !(await ctx.index.readableBeyond(principals, shared))) return undefined;
    const own = await ctx.index.search({ text: query, principals, top: ctx.ask.maxSources });
    const audience = new Set(shared);
    return own.some((h) => !h.chunk.acl.some((p) => audience.has(p.toLowerCase())))
      ? PRIVATE_MORE
      : undefined;
  } catch {
    return undefined;
  }
}

/** Injection signs in the question (`question:<sign>`) and in the sources given to the model (`source:<sign>`). */
function injectionFlags(question: string, sources: NumberedSource[]): string[] {
  const inQuestion = injectionSigns(question).map((sign) => `question:${sign}`);
  const inSources = sources.flatMap((s) => injectionSigns(s.chunk.text).map((sign) => `source:${sign}`));
  return [...new Set([...inQuestion, ...inSources])];
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
