import type { Clock, Store } from '../ports.js';
import { plainReply } from '../replies.js';
import type { NudgeControl, Reply, ReplyAction } from '../reply.js';
import type { Turn } from '../turn.js';
import { describeAudience } from './describe-audience.js';

const DAY_MS = 86_400_000;
/** How long "pause nudges" lasts. */
export const PAUSE_DAYS = 30;

const PAUSE = /^(\/lumen\s+)?pause (nudges|lessons|reminders)[.!]?$/i;
const RESUME = /^(\/lumen\s+)?(resume|restart|unpause) (nudges|lessons|reminders)[.!]?$/i;
const OPT_OUT = /^(\/lumen\s+)?(stop|opt out of|unsubscribe from) (nudges|lesson nudges|reminders)[.!]?$/i;

/** The text form of a nudge control, if the message is one. */
export function nudgeControlFromText(text: string): NudgeControl | undefined {
  const t = text.trim();
  if (PAUSE.test(t)) return 'pause';
  if (RESUME.test(t)) return 'resume';
  if (OPT_OUT.test(t)) return 'opt_out';
  return undefined;
}

/** The buttons a nudge carries so the learner stays in control. */
export function nudgeControlActions(campaignId: string): ReplyAction[] {
  return [
    { label: 'Snooze 1 day', payload: { name: 'nudge_control', control: 'snooze', campaignId } },
    { label: 'Pause nudges', payload: { name: 'nudge_control', control: 'pause', campaignId } },
    { label: 'Opt out', payload: { name: 'nudge_control', control: 'opt_out', campaignId } },
    { label: 'Why am I getting this?', payload: { name: 'nudge_control', control: 'why', campaignId } },
  ];
}

/** Applies a learner's snooze, pause, resume or opt-out, or explains why a nudge came. */
export async function applyNudgeControl(
  store: Store,
  clock: Clock,
  turn: Turn,
  control: NudgeControl,
  campaignId?: string,
): Promise<Reply> {
  const now = clock.now();
  const userId = turn.user.id;
  const controls = await store.lessons.getControls(userId);
  switch (control) {
    case 'snooze': {
      const recipient = campaignId ? await store.campaigns.getRecipient(campaignId, userId) : undefined;
      const campaign = recipient ? await store.campaigns.get(recipient.campaignId) : undefined;
      if (!recipient || !campaign) return plainReply('notice', 'There is no nudge to snooze.');
      if (campaign.status === 'cancelled') {
        return plainReply(
          'notice',
          'This campaign has ended, so there is nothing to snooze. Say **lesson** any time.',
        );
      }
      // A campaign that had nothing left to send becomes active again for the snoozed reminder.
      if (campaign.status === 'finished') await store.campaigns.setStatus(campaign.id, 'active');
      await store.campaigns.updateRecipient(recipient.campaignId, userId, {
        state: 'pending',
        nextAt: new Date(now.getTime() + DAY_MS),
      });
      return plainReply('notice', "Snoozed. I'll remind you about this lesson tomorrow.");
    }
    case 'pause':
      await store.lessons.saveControls({
        ...controls,
        pausedUntil: new Date(now.getTime() + PAUSE_DAYS * DAY_MS),
      });
      return plainReply(
        'notice',
        `Lesson nudges paused for ${PAUSE_DAYS} days. Say **resume nudges** to get them again sooner, or **lesson** any time to learn at your own pace.`,
        { actions: [{ label: 'Resume nudges', payload: { name: 'nudge_control', control: 'resume' } }] },
      );
    case 'resume':
      await store.lessons.saveControls({ userId, optedOut: false });
      return plainReply('notice', 'Lesson nudges are back on.');
    case 'opt_out':
      await store.lessons.saveControls({ ...controls, optedOut: true });
      return plainReply(
        'notice',
        "You won't get lesson nudges any more. Lessons stay available: say **lesson** whenever you like, or **resume nudges** to opt back in.",
        { actions: [{ label: 'Opt back in', payload: { name: 'nudge_control', control: 'resume' } }] },
      );
    case 'why': {
      const campaign = campaignId ? await store.campaigns.get(campaignId) : undefined;
      if (!campaign) {
        return plainReply(
          'notice',
          'Lesson nudges come from learning campaigns run by the learning and development team.',
        );
      }
      return plainReply(
        'notice',
        [
          `This nudge is part of **${campaign.name}**, a learning campaign by ${campaign.createdBy} for ${describeAudience(campaign.audience)}.`,
          '',
          'You get at most a few nudges a week, only during working hours in your time zone. You can snooze, pause or opt out at any time.',
        ].join('\n'),
        {
          actions: nudgeControlActions(campaign.id).filter(
            (a) => a.payload.name === 'nudge_control' && a.payload.control !== 'why',
          ),
        },
      );
    }
  }
}
