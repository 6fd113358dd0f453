import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { describeError } from '../../core/errors.js';
import { toTurn } from './answer-message.js';
import { FEEDBACK_MODAL_ID, feedbackModal, readFeedbackSubmission } from './feedback-modal.js';
import type { SlackDeps } from './options.js';
import { decodeButtonValue } from './place.js';
import type { Respond } from './poster.js';
import { ACTION_ID_PATTERN, ACTION_IDS } from './render-reply.js';

/**
 * Buttons under replies: helpful, not helpful (opens a modal asking why), a reason, and
 * "talk to a human". Each becomes an action Turn for the core; its reply goes back where
 * the button was.
 */
export function registerActions(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(ACTION_ID_PATTERN, async ({ ack, body, action, respond, client }) => {
    await ack();
    const value = decodeButtonValue(action.value);
    if (!value) {
      deps.log.warn('slack button with an unreadable value', { actionId: action.action_id });
      return;
    }
    const { place } = value;
    const userId = body.user.id;
    const turn = await toTurn(deps, place, userId, undefined, `action.${action.action_ts}`);
    turn.action = value.action;

    const wantsReason =
      action.action_id === ACTION_IDS.notHelpful &&
      value.action.name === 'feedback' &&
      value.action.rating === 'not_helpful';
    if (wantsReason && value.action.name === 'feedback') {
      // trigger_id expires within three seconds: open the modal before anything slow.
      const opened = await client.views
        .open({ trigger_id: body.trigger_id, view: feedbackModal({ turnId: value.action.turnId, place }) })
        .then(
          () => true,
          (error: unknown) => {
            deps.log.warn('slack feedback modal failed to open; offering reason buttons', {
              error: describeError(error),
            });
            return false;
          },
        );
      const reply = await deps.copilot.handle(turn);
      // The modal is how Slack asks for the reason the core's reply requests.
      if (opened && reply.kind === 'feedback_reason_request') return;
      await deps.poster.deliver(place, reply, { userId, respond: respond as Respond });
      return;
    }
    const reply = await deps.copilot.handle(turn);
    await deps.poster.deliver(place, reply, { userId, respond: respond as Respond });
  });

  app.view(FEEDBACK_MODAL_ID, async ({ ack, body, view }) => {
    const submission = readFeedbackSubmission(view);
    if (!submission) {
      await ack({ response_action: 'errors', errors: { reason: 'Pick a reason from the list.' } });
      return;
    }
    await ack();
    const userId = body.user.id;
    const turn = await toTurn(deps, submission.place, userId, undefined, `view.${view.id}`);
    turn.action = {
      name: 'feedback',
      turnId: submission.turnId,
      rating: 'not_helpful',
      reason: submission.reason,
      ...(submission.comment ? { comment: submission.comment } : {}),
    };
    const reply = await deps.copilot.handle(turn);
    await deps.poster.deliver(submission.place, reply, { userId });
  });
}
