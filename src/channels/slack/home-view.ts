import type { types } from '@slack/bolt';
import type { Reply } from '../../core/reply.js';
import { escapeMrkdwn, toMrkdwn } from './mrkdwn.js';
import { splitMrkdwn } from './split-text.js';

/** What the App Home tab shows a person. */
export interface HomeContent {
  /** The core's help reply: what Lumen can do. */
  help: Reply;
  /** The core's lesson progress reply: each lesson and how far the person got. */
  lessons: Reply;
  email?: string;
  suggestedPrompts: string[];
}

/** The App Home tab: what Lumen can do, the person's lessons and their settings. */
export function homeView(content: HomeContent): types.HomeView {
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Lumen, your company copilot' } },
    ...sections(content.help.text),
  ];
  if (content.suggestedPrompts.length > 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Try asking*\n${content.suggestedPrompts.map((p) => `• ${escapeMrkdwn(p)}`).join('\n')}`,
      },
    });
  }
  blocks.push(
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: 'Your lessons' } },
    ...sections(
      content.lessons.kind === 'lesson' ? content.lessons.text : 'Lessons are not available right now.',
    ),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Send me `lesson` in a direct message, or `/lumen lesson`, to start or continue.',
        },
      ],
    },
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: 'Your settings' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: [
          content.email
            ? `*Identity:* ${escapeMrkdwn(content.email)}. In direct messages I use every source you may read.`
            : '*Identity:* unknown, so I only use content everyone may read.',
          '*In channels:* I use only sources every member may read, and say so when a direct message could tell you more.',
        ].join('\n'),
      },
    },
  );
  return { type: 'home', blocks };
}

/** Markdown from the core as mrkdwn sections, split to Slack's size limit. */
function sections(markdown: string): types.KnownBlock[] {
  return splitMrkdwn(toMrkdwn(markdown)).map(
    (text): types.KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } }),
  );
}
