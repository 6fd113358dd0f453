import { InputError } from '../errors.js';
import type {
  EscalationAttempt,
  EscalationRecord,
  EscalationStatus,
  EscalationTrigger,
  TurnRecord,
} from '../ports.js';
import type { ReplyAction } from '../reply.js';

/** States in which an escalation still needs a person. */
export const ACTIVE: readonly EscalationStatus[] = ['open', 'claimed', 'waiting_on_employee', 'answered'];

/** Which states each transition may start from. */
export const ALLOWED_FROM: Record<string, readonly EscalationStatus[]> = {
  claim: ['open', 'claimed'],
  request_info: ['open', 'claimed'],
  answer: ['open', 'claimed', 'waiting_on_employee', 'answered'],
  resolve: ['open', 'claimed', 'waiting_on_employee', 'answered'],
  reopen: ['answered', 'resolved', 'closed_no_response'],
  close_no_response: ['waiting_on_employee'],
};

/** What the employee can do with an escalation from their conversation. */
export type EmployeeOp = 'solved' | 'reopen' | 'helped' | 'not_helped';

export function employeeAction(label: string, escalationId: string, op: EmployeeOp): ReplyAction {
  return { label, payload: { name: 'escalation', escalationId, op } };
}

export function invalidTransition(escalation: EscalationRecord, kind: string): InputError {
  return new InputError(
    'escalation_state',
    `cannot ${kind.replace('_', ' ')} escalation ${escalation.id}: it is ${escalation.status}`,
    `That escalation is ${escalation.status.replaceAll('_', ' ')}, so it cannot be changed that way.`,
  );
}

export function toAttempt(turn: TurnRecord): EscalationAttempt {
  return {
    answer: turn.answer,
    abstained: turn.abstained,
    sources: turn.citations.map((c) => ({ title: c.title, location: c.location, url: c.url })),
  };
}

/** Source systems of the chunks a turn cited (chunk ids start with `<source>:`). */
export function sourcesOf(turn: TurnRecord): string[] {
  return [...new Set(turn.citations.map((c) => c.chunkId.split(':')[0] ?? ''))].filter(Boolean);
}

/**
 * A coarse confidence: nothing when Lumen abstained, the share of retrieved passages it could
 * cite otherwise, lowered when the employee rated the answer not helpful.
 */
export function confidenceOf(turn: TurnRecord, trigger: EscalationTrigger): number {
  if (turn.abstained) return 0;
  const cited =
    turn.retrieved.length === 0 ? 0 : Math.min(1, turn.citations.length / Math.min(3, turn.retrieved.length));
  const value = trigger === 'feedback' ? cited / 2 : cited;
  return Math.round(value * 100) / 100;
}
