import type { Lesson } from '../lessons/lesson.js';
import { plainReply } from '../replies.js';
import type { Reply } from '../reply.js';
import type { Campaign } from './campaign.js';
import { nudgeControlActions } from './nudge-controls.js';

/** The message a campaign sends: a lesson invitation (or a reminder of it), or L&D's own message. */
export function nudgeReply(
  campaign: Campaign,
  lesson: Lesson | undefined,
  step: number,
  test = false,
): Reply {
  const lines: string[] = [];
  if (test) lines.push('*Test send: this is how the nudge will look.*', '');
  if (lesson) {
    lines.push(
      step === 0
        ? `📚 **${lesson.title}**: a ${lesson.minutes}-minute lesson with a short quiz.`
        : `⏰ Reminder: **${lesson.title}** takes about ${lesson.minutes} minutes.`,
    );
  }
  if (campaign.message) lines.push(lesson ? '' : '', campaign.message);
  const start = lesson
    ? [
        {
          label: 'Start lesson',
          style: 'primary' as const,
          payload: { name: 'lesson_start' as const, lessonId: lesson.id, campaignId: campaign.id },
        },
      ]
    : [];
  const controls = nudgeControlActions(campaign.id).filter(
    (a) => lesson || (a.payload.name === 'nudge_control' && a.payload.control !== 'snooze'),
  );
  return plainReply('nudge', lines.join('\n').trim(), { actions: [...start, ...controls] });
}
