import * as z from 'zod';
import { ACTION_SCHEMAS } from '../../core/action-schemas.js';
import type { ActionPayload } from '../../core/reply.js';
import { HttpError } from './http-error.js';

const conversationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1-100 letters, digits, "_" or "-"');
const personaIdSchema = z.string().min(1).max(200).optional();

/** Actions the chat page may send: all but the queue buttons, which only people on a queue get. */
const WEB_ACTIONS = Object.keys(ACTION_SCHEMAS).filter(
  (name) => name !== 'queue',
) as (keyof typeof ACTION_SCHEMAS)[];

const messageSchema = z.object({
  conversationId: conversationIdSchema,
  text: z.string(),
  personaId: personaIdSchema,
});

const actionRequestSchema = z.object({
  conversationId: conversationIdSchema,
  action: z.object({ name: z.string() }).loose(),
  personaId: personaIdSchema,
});

/** A validated chat message request. */
export interface MessageRequest {
  conversationId: string;
  text: string;
  personaId?: string;
}

/** A validated action request (a button press or form submission). */
export interface ActionRequest {
  conversationId: string;
  action: ActionPayload;
  personaId?: string;
}

/** Parses `POST /api/chat/messages`; text content is judged by the core, not here. */
export function parseMessageRequest(body: unknown): MessageRequest {
  return parse(messageSchema, body);
}

/** Parses `POST /api/chat/actions`, refusing unknown action names and any unexpected field. */
export function parseActionRequest(body: unknown): ActionRequest {
  const envelope = parse(actionRequestSchema, body);
  const { name } = envelope.action;
  const known = WEB_ACTIONS.find((action) => action === name);
  if (!known) {
    throw new HttpError(
      400,
      'unknown_action',
      `Unknown action. Accepted actions are ${WEB_ACTIONS.join(', ')}.`,
    );
  }
  const action = parse<ActionPayload>(
    ACTION_SCHEMAS[known] as z.ZodType<ActionPayload>,
    envelope.action,
    'action',
  );
  return { conversationId: envelope.conversationId, action, personaId: envelope.personaId };
}

/** Parses a conversation id from a URL. */
export function parseConversationId(value: unknown): string {
  return parse(conversationIdSchema, value, 'conversationId');
}

/** Parses the `after` query parameter of outbox polling: a non-negative integer, 0 when absent. */
export function parseAfterSeq(value: unknown): number {
  if (value === undefined || value === '') return 0;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) {
    throw new HttpError(400, 'invalid_request', 'Invalid "after": expected a non-negative integer.');
  }
  return Number(value);
}

/** Longest a poll for new messages may be held open, in seconds. */
export const MAX_WAIT_SECONDS = 25;

/** The `wait` of a long poll: 0 (answer at once) to MAX_WAIT_SECONDS. */
export function parseWaitSeconds(value: unknown): number {
  if (value === undefined || value === '') return 0;
  if (typeof value !== 'string' || !/^\d{1,3}$/.test(value)) {
    throw new HttpError(400, 'invalid_request', 'Invalid "wait": expected whole seconds.');
  }
  return Math.min(Number(value), MAX_WAIT_SECONDS);
}

/** Parses a value with a schema; a failure is a 400 naming the field. */
export function parse<T>(schema: z.ZodType<T>, value: unknown, prefix?: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // Zod's messages describe the expected shape only, never the submitted value.
  const issue = result.error.issues[0];
  const path = [prefix, ...(issue?.path ?? [])].filter((p) => p !== undefined && p !== '').join('.');
  const where = path ? `Invalid "${path}": ` : 'Invalid request: ';
  throw new HttpError(400, 'invalid_request', `${where}${issue?.message ?? 'unexpected shape'}.`);
}
