import { randomUUID } from 'node:crypto';
import type { ActionPayload, Turn } from '../../../core/index.js';

/** Who the CLI acts as: the local operator by default, or a named person and groups. */
export interface CliIdentity {
  userId: string;
  email?: string;
  groups: string[];
}

/** The local operator: public content only unless `--as` / `--groups` say otherwise. */
export function cliIdentity(options: { as?: string; groups?: string }): CliIdentity {
  const groups = (options.groups ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  if (options.as) return { userId: options.as, email: options.as, groups };
  return { userId: process.env.USER ?? 'cli', groups };
}

/** A Turn from the terminal: a direct conversation with the operator. */
export function cliTurn(
  identity: CliIdentity,
  conversationId: string,
  input: { text?: string; action?: ActionPayload },
): Turn {
  return {
    id: randomUUID(),
    channel: 'cli',
    user: {
      id: identity.userId,
      name: identity.userId,
      ...(identity.email ? { email: identity.email } : {}),
      groups: identity.groups,
    },
    conversation: { id: conversationId, kind: 'direct' },
    ...input,
    receivedAt: new Date(),
  };
}
