import * as z from 'zod';
import { type ActionPayload, FEEDBACK_REASONS, type LessonActionPayload, NUDGE_CONTROLS } from './reply.js';

const lessonId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/);
const index = z.number().int().min(0).max(100);
const campaignId = z.string().min(1).max(100);

/** Strict schemas of the lesson buttons a channel may send back. */
export const LESSON_ACTION_SCHEMAS = {
  lesson_start: z.strictObject({
    name: z.literal('lesson_start'),
    lessonId: lessonId.optional(),
    campaignId: campaignId.optional(),
  }),
  lesson_next: z.strictObject({ name: z.literal('lesson_next'), lessonId, screen: index }),
  quiz_answer: z.strictObject({
    name: z.literal('quiz_answer'),
    lessonId,
    question: index,
    choice: index,
    review: z.boolean().optional(),
  }),
  confidence: z.strictObject({
    name: z.literal('confidence'),
    lessonId,
    stage: z.enum(['before', 'after']),
    value: z.number().int().min(1).max(5),
  }),
  lesson_feedback: z.strictObject({ name: z.literal('lesson_feedback'), lessonId, useful: z.boolean() }),
  nudge_control: z.strictObject({
    name: z.literal('nudge_control'),
    control: z.enum(NUDGE_CONTROLS),
    campaignId: campaignId.optional(),
  }),
} satisfies Record<LessonActionPayload['name'], z.ZodType<LessonActionPayload>>;

/** Longest feedback comment or escalation note accepted from a channel. */
export const MAX_COMMENT_CHARS = 2_000;
const id = z.string().min(1).max(200);

/** Strict schemas of every action payload a channel may hand back to the core. */
export const ACTION_SCHEMAS = {
  feedback: z.strictObject({
    name: z.literal('feedback'),
    turnId: id,
    rating: z.enum(['helpful', 'not_helpful']),
    reason: z.enum(FEEDBACK_REASONS).optional(),
    comment: z.string().max(MAX_COMMENT_CHARS).optional(),
  }),
  escalate: z.strictObject({
    name: z.literal('escalate'),
    turnId: id.optional(),
    note: z.string().max(MAX_COMMENT_CHARS).optional(),
  }),
  escalation: z.strictObject({
    name: z.literal('escalation'),
    escalationId: id,
    op: z.enum(['solved', 'reopen', 'helped', 'not_helped']),
  }),
  queue: z.strictObject({ name: z.literal('queue'), escalationId: id, op: z.enum(['claim', 'resolve']) }),
  ...LESSON_ACTION_SCHEMAS,
} satisfies Record<ActionPayload['name'], z.ZodType<ActionPayload>>;

/** The action payload in `raw`, checked against its schema; undefined when it is not one. */
export function parseActionPayload(raw: unknown): ActionPayload | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const name = (raw as { name?: unknown }).name;
  if (typeof name !== 'string' || !Object.hasOwn(ACTION_SCHEMAS, name)) return undefined;
  const parsed = (ACTION_SCHEMAS[name as keyof typeof ACTION_SCHEMAS] as z.ZodType<ActionPayload>).safeParse(
    raw,
  );
  return parsed.success ? parsed.data : undefined;
}
