import type { types } from '@slack/bolt';
import type { Reply } from '../../core/reply.js';
import { escapeMrkdwn, toMrkdwn } from './mrkdwn.js';
import { splitMrkdwn } from './split-text.js';

/** What the App Home tab shows a person. */
export interface HomeContent {
  /** The core's help reply: what Lumen can do. */
  help: Reply;
  email?: string;
  suggestedPrompts: string[];
}

/** The App Home tab: what Lumen can do, the person's lessons and their settings. */
export function homeView(content: HomeContent): types.HomeView {
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Lumen, your company copilot' } },
    ...splitMrkdwn(toMrkdwn(content.help.text)).map(
      (text): types.KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } }),
    ),
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
    {
      type: 'section',
      text: { type: 'mrkdwn', text: 'No lessons yet. Send `/lumen lesson` to start one.' },
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
