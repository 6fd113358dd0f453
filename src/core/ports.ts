import type { Chunk, Principal } from '../knowledge/document.js';
import type { CampaignRepository } from './campaigns/campaign.js';
import type { LessonRepository } from './lessons/lesson-ports.js';
import type { FeedbackReason, Rating, Reply } from './reply.js';
import type { ChannelKind } from './turn.js';

/** Wall-clock time, injected so tests control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Whether a backend is reachable, for `doctor` and `/healthz`. */
export interface HealthCheck {
  name: string;
  ok: boolean;
  detail: string;
}

// ---------------------------------------------------------------- knowledge index

export interface SearchQuery {
  text: string;
  /** The reader's principals; only chunks whose ACL shares one of them may be returned. */
  principals: Principal[];
  top: number;
}

export interface SearchHit {
  chunk: Chunk;
  /** Backend-specific relevance; higher is better. Comparable only within one result list. */
  score: number;
  /**
   * How much of the query the chunk covers, 0..1, weighted by how rare each term is.
   * The core uses it to decide whether the evidence is enough to answer.
   */
  coverage: number;
}

/** What the index knows about a document, so ingestion can skip unchanged ones. */
export interface IndexedDocument {
  id: string;
  hash: string;
  chunkCount: number;
  /** Path relative to its source root, as used in citation labels. */
  path: string;
  acl: Principal[];
}

export interface KnowledgeIndex {
  readonly name: string;
  search(query: SearchQuery): Promise<SearchHit[]>;
  /** Replaces every chunk of the given documents with these. */
  replaceDocument(document: Omit<IndexedDocument, 'chunkCount'>, chunks: Chunk[]): Promise<void>;
  deleteDocuments(documentIds: string[]): Promise<void>;
  /** Documents indexed from one source system whose ids start with `idPrefix`. */
  listDocuments(idPrefix: string): Promise<IndexedDocument[]>;
  getDocument(documentId: string): Promise<IndexedDocument | undefined>;
  stats(): Promise<{ documents: number; chunks: number }>;
  check(): Promise<HealthCheck>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- chat model

/** A source handed to the model, numbered as it must be cited. */
export interface NumberedSource {
  n: number;
  chunk: Chunk;
}

export interface HistoryEntry {
  role: 'user' | 'assistant';
  text: string;
}

export interface AnswerRequest {
  question: string;
  /** The question rewritten to stand alone (equal to `question` when it already does). */
  standaloneQuestion: string;
  history: HistoryEntry[];
  sources: NumberedSource[];
  locale?: string;
}

export interface ModelAnswer {
  /** Markdown with `[n]` markers referring to `sources`. */
  text: string;
  /** True when the sources did not support an answer. */
  abstained: boolean;
  model: string;
  promptVersion: string;
  usage?: { promptTokens: number; completionTokens: number };
  /** Short notice for the reader, e.g. that a fallback answered. */
  notice?: string;
}

/** Writes answers from numbered sources. Implementations never state what no source says. */
export interface ChatModel {
  readonly name: string;
  answer(request: AnswerRequest, onPartial?: (textSoFar: string) => void): Promise<ModelAnswer>;
  /**
   * Rewrites a follow-up into a standalone search query; `undefined` when the model has no
   * opinion and the core's own rewrite should be used.
   */
  rewriteQuery?(question: string, history: HistoryEntry[]): Promise<string | undefined>;
  check(): Promise<HealthCheck>;
}

// ---------------------------------------------------------------- store

/** Who and where, copied onto records so they can be reviewed without the channel. */
export interface Participant {
  channel: ChannelKind;
  conversationKey: string;
  userId: string;
  userName?: string;
}

export interface RetrievedRef {
  chunkId: string;
  location: string;
  score: number;
  rank: number;
}

export interface CitationRef {
  n: number;
  chunkId: string;
  title: string;
  location: string;
  url: string;
}

/** One question and what Lumen did with it: the audit and feedback unit. */
export interface TurnRecord extends Participant {
  id: string;
  eventId: string;
  question: string;
  standaloneQuery: string;
  answer: string;
  abstained: boolean;
  retrieved: RetrievedRef[];
  citations: CitationRef[];
  model: string;
  promptVersion: string;
  promptTokens?: number;
  completionTokens?: number;
  retrievalMs: number;
  generationMs: number;
  latencyMs: number;
  createdAt: Date;
}

export interface FeedbackRecord {
  id: string;
  turnId: string;
  userId: string;
  channel: ChannelKind;
  rating: Rating;
  reason?: FeedbackReason;
  comment?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Feedback joined with the turn it rates, for review and export. */
export interface FeedbackView extends FeedbackRecord {
  turn: TurnRecord;
}

export type EscalationStatus = 'open' | 'answered' | 'resolved';

export interface EscalationRecord extends Participant {
  id: string;
  turnId?: string;
  question: string;
  /** The conversation so far, oldest first. */
  transcript: HistoryEntry[];
  note?: string;
  status: EscalationStatus;
  answer?: string;
  answeredBy?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A reply waiting for a channel to show it (web conversations poll these). */
export interface OutboxMessage {
  seq: number;
  conversationKey: string;
  reply: Reply;
  createdAt: Date;
}

export interface AuditEvent {
  id: string;
  at: Date;
  actor: string;
  action: string;
  subject?: string;
  details: Record<string, unknown>;
}

export interface DateRange {
  since?: Date;
  until?: Date;
}

export interface TurnRepository {
  insert(turn: TurnRecord): Promise<void>;
  get(id: string): Promise<TurnRecord | undefined>;
  /** The latest turns of a conversation, oldest first. */
  recent(conversationKey: string, limit: number): Promise<TurnRecord[]>;
  list(range: DateRange & { limit?: number }): Promise<TurnRecord[]>;
}

export interface FeedbackRepository {
  /** One feedback per turn and user: a second rating or a reason updates the first. */
  upsert(feedback: FeedbackRecord): Promise<FeedbackRecord>;
  list(range: DateRange & { limit?: number }): Promise<FeedbackView[]>;
}

export interface EscalationRepository {
  insert(escalation: EscalationRecord): Promise<void>;
  get(id: string): Promise<EscalationRecord | undefined>;
  list(filter: { status?: EscalationStatus; limit?: number }): Promise<EscalationRecord[]>;
  update(
    id: string,
    changes: Partial<Pick<EscalationRecord, 'status' | 'answer' | 'answeredBy'>> & { updatedAt: Date },
  ): Promise<EscalationRecord | undefined>;
}

export interface OutboxRepository {
  append(conversationKey: string, reply: Reply, at: Date): Promise<OutboxMessage>;
  /** Appends unless a message with this delivery key was appended before; true when appended. */
  appendOnce?(conversationKey: string, reply: Reply, at: Date, deliveryKey: string): Promise<boolean>;
  /** Messages of a conversation after `afterSeq`, oldest first. */
  after(conversationKey: string, afterSeq: number): Promise<OutboxMessage[]>;
}

export interface AuditRepository {
  append(event: AuditEvent): Promise<void>;
  list(range: DateRange & { limit?: number }): Promise<AuditEvent[]>;
}

/** Remembers which inbound events were handled, so a redelivered event is answered once. */
export interface ProcessedEventRepository {
  /** Returns true when the key was new (and records it), false when it was seen before. */
  claim(key: string, at: Date): Promise<boolean>;
}

export interface Store {
  readonly name: string;
  readonly turns: TurnRepository;
  readonly feedback: FeedbackRepository;
  readonly escalations: EscalationRepository;
  readonly outbox: OutboxRepository;
  readonly audit: AuditRepository;
  readonly processedEvents: ProcessedEventRepository;
  readonly lessons: LessonRepository;
  readonly campaigns: CampaignRepository;
  check(): Promise<HealthCheck>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- messenger

/** Where an unsolicited message goes: the conversation a turn came from. */
export interface DeliveryTarget {
  channel: ChannelKind;
  conversationKey: string;
  userId: string;
  /** Identifies one message, so a channel that can may drop a repeat sent after a crash. */
  deliveryKey?: string;
}

/** Sends messages nobody asked for right now (escalation answers, nudges). */
export interface Messenger {
  deliver(target: DeliveryTarget, reply: Reply): Promise<void>;
}

// ---------------------------------------------------------------- logging

export type LogFields = Record<string, unknown>;

/** Structured logging; message bodies stay out of logs unless a caller adds them on purpose. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** A logger that drops everything, for tests and library use. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
