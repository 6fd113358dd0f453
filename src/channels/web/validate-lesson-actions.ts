import { z } from 'zod';
import { type LessonActionPayload, NUDGE_CONTROLS } from '../../core/reply.js';

const lessonId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/);
const index = z.number().int().min(0).max(100);
const campaignId = z.string().min(1).max(100);

/** Strict schemas of the lesson buttons the page may send back. */
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
