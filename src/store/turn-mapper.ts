import type { Insertable, Selectable } from 'kysely';
import type { CitationRef, RetrievedRef, TurnRecord } from '../core/ports.js';
import type { ChannelKind } from '../core/turn.js';
import { fromEpochMs, fromJson, fromNullable, toEpochMs, toJson, toNullable } from './columns.js';
import type { TurnTable } from './database.js';

/** A turn as a `turns` row. */
export function toTurnRow(turn: TurnRecord): Insertable<TurnTable> {
  return {
    id: turn.id,
    event_id: turn.eventId,
    channel: turn.channel,
    conversation_key: turn.conversationKey,
    user_id: turn.userId,
    user_name: toNullable(turn.userName),
    question: turn.question,
    standalone_query: turn.standaloneQuery,
    answer: turn.answer,
    abstained: turn.abstained ? 1 : 0,
    retrieved: toJson(turn.retrieved),
    citations: toJson(turn.citations),
    model: turn.model,
    prompt_version: turn.promptVersion,
    prompt_tokens: toNullable(turn.promptTokens),
    completion_tokens: toNullable(turn.completionTokens),
    // Integer columns: PostgreSQL refuses a fraction where SQLite would keep it.
    retrieval_ms: Math.round(turn.retrievalMs),
    generation_ms: Math.round(turn.generationMs),
    latency_ms: Math.round(turn.latencyMs),
    guardrail_flags: turn.guardrailFlags?.length ? toJson(turn.guardrailFlags) : null,
    created_at: toEpochMs(turn.createdAt),
  };
}

/** A `turns` row as a turn record; optional fields stored as NULL come back absent. */
export function fromTurnRow(row: Selectable<TurnTable>): TurnRecord {
  const turn: TurnRecord = {
    id: row.id,
    eventId: row.event_id,
    channel: row.channel as ChannelKind,
    conversationKey: row.conversation_key,
    userId: row.user_id,
    question: row.question,
    standaloneQuery: row.standalone_query,
    answer: row.answer,
    abstained: Number(row.abstained) === 1,
    retrieved: fromJson<RetrievedRef[]>(row.retrieved),
    citations: fromJson<CitationRef[]>(row.citations),
    model: row.model,
    promptVersion: row.prompt_version,
    retrievalMs: row.retrieval_ms,
    generationMs: row.generation_ms,
    latencyMs: row.latency_ms,
    createdAt: fromEpochMs(row.created_at),
  };
  const userName = fromNullable(row.user_name);
  if (userName !== undefined) turn.userName = userName;
  const promptTokens = fromNullable(row.prompt_tokens);
  if (promptTokens !== undefined) turn.promptTokens = promptTokens;
  const completionTokens = fromNullable(row.completion_tokens);
  if (completionTokens !== undefined) turn.completionTokens = completionTokens;
  if (row.guardrail_flags) turn.guardrailFlags = fromJson<string[]>(row.guardrail_flags);
  return turn;
}
