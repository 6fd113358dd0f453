import type { SourceSystem } from './knowledge-types.js';

/** Reasons a person can give when an answer was not helpful. */
export const FEEDBACK_REASONS = [
  'not_relevant',
  'incorrect',
  'incomplete',
  'outdated',
  'source_problem',
  'unsafe',
  'other',
] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];

/** Human labels for feedback reasons, shared by every renderer. */
export const FEEDBACK_REASON_LABELS: Record<FeedbackReason, string> = {
  not_relevant: 'Not relevant',
  incorrect: 'Incorrect',
  incomplete: 'Incomplete',
  outdated: 'Outdated',
  source_problem: 'Problem with a source',
  unsafe: 'Unsafe or inappropriate',
  other: 'Other',
};

export type Rating = 'helpful' | 'not_helpful';

/** What comes back from a button or form: the payload a channel puts in a Turn's `action`. */
export type ActionPayload =
  | { name: 'feedback'; turnId: string; rating: Rating; reason?: FeedbackReason; comment?: string }
  | { name: 'escalate'; turnId?: string; note?: string }
  | { name: 'escalation'; escalationId: string; op: 'solved' | 'reopen' | 'helped' | 'not_helped' }
  | { name: 'queue'; escalationId: string; op: 'claim' | 'resolve' }
  | LessonActionPayload;

/** What a learner's control buttons on a nudge do. */
export const NUDGE_CONTROLS = ['snooze', 'pause', 'resume', 'opt_out', 'why'] as const;
export type NudgeControl = (typeof NUDGE_CONTROLS)[number];

/** Buttons of the lesson flow: start or resume, next screen, quiz answers, confidence, usefulness, nudges. */
export type LessonActionPayload =
  | { name: 'lesson_start'; lessonId?: string; campaignId?: string }
  | { name: 'lesson_next'; lessonId: string; screen: number }
  | { name: 'quiz_answer'; lessonId: string; question: number; choice: number; review?: boolean }
  | { name: 'confidence'; lessonId: string; stage: 'before' | 'after'; value: number }
  | { name: 'lesson_feedback'; lessonId: string; useful: boolean }
  | { name: 'nudge_control'; control: NudgeControl; campaignId?: string };

/** A button or form a reply offers. */
export interface ReplyAction {
  label: string;
  style?: 'primary' | 'danger';
  payload: ActionPayload;
}

/** A numbered source a reply cites with `[n]`. */
export interface Citation {
  n: number;
  title: string;
  /** Link to open, with `#page=N` for PDF pages. */
  url: string;
  /** Short label such as `employee_handbook.pdf#page=4`. */
  location: string;
  snippet: string;
  sourceSystem: SourceSystem;
}

/** What a reply is, so renderers can style it without parsing text. */
export type ReplyKind =
  | 'answer'
  | 'abstain'
  | 'help'
  | 'feedback_thanks'
  | 'feedback_reason_request'
  | 'escalated'
  | 'escalation_answer'
  | 'admin'
  | 'lesson'
  | 'quiz'
  | 'quiz_feedback'
  | 'nudge'
  | 'notice'
  | 'error';

/** A file a reply carries (an admin export in chat); channels upload or offer it for download. */
export interface ReplyAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** A channel-neutral outbound message. */
export interface Reply {
  kind: ReplyKind;
  /** Markdown; answers mark claims with `[n]` matching `citations`. */
  text: string;
  citations: Citation[];
  actions: ReplyAction[];
  /** True when a language model wrote the text; renderers show the AI label. */
  aiGenerated: boolean;
  /**
   * True when the text only quotes the cited sources (no model wrote it); renderers label it
   * "Quoted from sources" instead of the AI label. Never set together with `aiGenerated`.
   */
  quoted?: boolean;
  /** `asker`: only the person who asked should see it (ephemeral, private). */
  visibility: 'conversation' | 'asker';
  /** The recorded turn this reply belongs to; feedback and escalation refer to it. */
  turnId?: string;
  /** Extra line shown under the text, e.g. that a private answer could include more. */
  notice?: string;
  attachment?: ReplyAttachment;
  /** The question was not taken (too many at once): it may be sent again after this many seconds. */
  retryAfterSeconds?: number;
}

/** Receives partial answer text while a reply is being generated. */
export interface ReplyStream {
  partial(textSoFar: string): void;
  /** Called once when the core starts searching the documents (not for commands, lessons or hand-offs). */
  searching?(): void;
}
