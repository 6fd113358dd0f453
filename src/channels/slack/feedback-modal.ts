import type { types } from '@slack/bolt';
import { FEEDBACK_REASON_LABELS, FEEDBACK_REASONS, type FeedbackReason } from '../../core/reply.js';
import type { SlackPlace } from './place.js';

/** Callback id of the "not helpful" modal. */
export const FEEDBACK_MODAL_ID = 'lumen_feedback_modal';

/** What the modal remembers between opening and submission. */
export interface FeedbackModalState {
  turnId: string;
  place: SlackPlace;
}

/** The modal asking why an answer was not helpful: a reason and an optional comment. */
export function feedbackModal(state: FeedbackModalState): types.ModalView {
  return {
    type: 'modal',
    callback_id: FEEDBACK_MODAL_ID,
    private_metadata: JSON.stringify(state),
    title: { type: 'plain_text', text: 'Answer feedback' },
    submit: { type: 'plain_text', text: 'Send' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'reason',
        label: { type: 'plain_text', text: 'What was wrong with the answer?' },
        element: {
          type: 'static_select',
          action_id: 'reason',
          placeholder: { type: 'plain_text', text: 'Pick a reason' },
          options: FEEDBACK_REASONS.map((reason) => ({
            text: { type: 'plain_text', text: FEEDBACK_REASON_LABELS[reason] },
            value: reason,
          })),
        },
      },
      {
        type: 'input',
        block_id: 'comment',
        optional: true,
        label: { type: 'plain_text', text: 'Anything else? (optional)' },
        element: { type: 'plain_text_input', action_id: 'comment', multiline: true, max_length: 2000 },
      },
    ],
  };
}

/** The submitted reason and comment, or undefined when the submission is not well formed. */
export function readFeedbackSubmission(view: {
  private_metadata?: string;
  state?: {
    values?: Record<
      string,
      Record<string, { selected_option?: { value?: string } | null; value?: string | null }>
    >;
  };
}): (FeedbackModalState & { reason: FeedbackReason; comment?: string }) | undefined {
  let state: FeedbackModalState;
  try {
    state = JSON.parse(view.private_metadata ?? '') as FeedbackModalState;
  } catch {
    return undefined;
  }
  if (typeof state?.turnId !== 'string' || !state.place) return undefined;
  const values = view.state?.values ?? {};
  const reason = values.reason?.reason?.selected_option?.value;
  if (!reason || !(FEEDBACK_REASONS as readonly string[]).includes(reason)) return undefined;
  const comment = values.comment?.comment?.value?.trim();
  return { ...state, reason: reason as FeedbackReason, ...(comment ? { comment } : {}) };
}
