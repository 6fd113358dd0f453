import { randomUUID } from 'node:crypto';
import type { AuditEvent, EscalationRecord, FeedbackRecord, TurnRecord } from '../../../src/core/ports.js';
import type { Reply } from '../../../src/core/reply.js';

/** A turn with every field set; override what the test is about. */
export function buildTurn(overrides: Partial<TurnRecord> = {}): TurnRecord {
  return {
    id: randomUUID(),
    eventId: `evt-${randomUUID()}`,
    channel: 'web',
    conversationKey: 'web:conv-1',
    userId: 'u-1',
    userName: 'Ada Lovelace',
    question: 'How many vacation days do I get?',
    standaloneQuery: 'vacation days allowance',
    answer: 'You get 25 days a year [1].',
    abstained: false,
    retrieved: [{ chunkId: 'handbook#3', location: 'handbook.pdf#page=4', score: 12.5, rank: 1 }],
    citations: [
      {
        n: 1,
        chunkId: 'handbook#3',
        title: 'Handbook',
        location: 'handbook.pdf#page=4',
        url: 'https://x/h#page=4',
      },
    ],
    model: 'extractive',
    promptVersion: 'answer-v1',
    promptTokens: 812,
    completionTokens: 64,
    retrievalMs: 12,
    generationMs: 340,
    latencyMs: 360,
    createdAt: new Date('2025-03-01T09:00:00.000Z'),
    ...overrides,
  };
}

/** Feedback on `turn` by its asker. */
export function buildFeedback(turn: TurnRecord, overrides: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    id: randomUUID(),
    turnId: turn.id,
    userId: turn.userId,
    channel: turn.channel,
    rating: 'helpful',
    createdAt: new Date('2025-03-01T09:01:00.000Z'),
    updatedAt: new Date('2025-03-01T09:01:00.000Z'),
    ...overrides,
  };
}

/** An open escalation with a two-entry transcript. */
export function buildEscalation(overrides: Partial<EscalationRecord> = {}): EscalationRecord {
  return {
    id: randomUUID(),
    channel: 'slack',
    conversationKey: 'slack:T1:C1',
    userId: 'u-2',
    userName: 'Grace Hopper',
    question: 'Can I expense a standing desk?',
    transcript: [
      { role: 'user', text: 'Can I expense a standing desk?' },
      { role: 'assistant', text: 'I could not find this in the policies.' },
    ],
    note: 'urgent',
    status: 'open',
    createdAt: new Date('2025-03-02T10:00:00.000Z'),
    updatedAt: new Date('2025-03-02T10:00:00.000Z'),
    ...overrides,
  };
}

/** An audit event with nested details. */
export function buildAuditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: randomUUID(),
    at: new Date('2025-03-03T08:00:00.000Z'),
    actor: 'u-1',
    action: 'turn.answered',
    subject: 'turn-1',
    details: { citations: 2, nested: { ok: true, list: [1, 'two'] } },
    ...overrides,
  };
}

/** A plain answer reply. */
export function buildReply(text: string): Reply {
  return {
    kind: 'answer',
    text,
    citations: [],
    actions: [{ label: 'Helpful', payload: { name: 'feedback', turnId: 't-1', rating: 'helpful' } }],
    aiGenerated: true,
    visibility: 'conversation',
  };
}

/** A Date `minutes` after 2025-03-01T00:00Z, for ordering and range tests. */
export function minutesIn(minutes: number): Date {
  return new Date(Date.UTC(2025, 2, 1) + minutes * 60_000);
}
