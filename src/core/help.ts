import { plainReply } from './replies.js';
import type { Reply } from './reply.js';
import type { ChannelKind } from './turn.js';

const HELP_WORDS = new Set([
  'help',
  '?',
  'commands',
  'what can you do',
  'what can you do?',
  'hi',
  'hello',
  'hey',
]);

/** Whether a message asks what Lumen can do. */
export function isHelpRequest(text: string): boolean {
  return HELP_WORDS.has(
    text
      .trim()
      .toLowerCase()
      .replace(/[!.]+$/, ''),
  );
}

/** What Lumen can do, in a few lines; the terminal has commands where other surfaces have buttons. */
export function helpReply(isAdmin: boolean, channel?: ChannelKind): Reply {
  const terminal = channel === 'cli';
  const lines = [
    "Hi, I'm **Lumen**. I answer questions from the company's documents and show where each answer comes from.",
    '',
    '- Ask a question in your own words, e.g. *How many days of parental leave do I get?*',
    '- Follow up in the same conversation, e.g. *and for adoptive parents?*',
    terminal
      ? '- Rate the last answer with **/good** or **/bad**, so we can improve it.'
      : '- Rate any answer with **Helpful** or **Not helpful**, so we can improve it.',
    terminal
      ? "- Type **/human** (or say **talk to a human**) and I'll pass your question to a person; **/1**, **/2**… press the numbered buttons."
      : "- Say **talk to a human** and I'll pass your question to a person.",
    '- Say **lesson** for a short AI-literacy lesson with a quiz, or **my progress** to see how far you are.',
    '',
    "I only use sources you're allowed to read, and if they don't answer your question I'll say so instead of guessing.",
  ];
  if (isAdmin) {
    lines.push(
      '',
      'Admin commands: `admin feedback`, `admin gaps`, `admin escalations`, `admin claim <id>`, `admin answer <id> <text>`, `admin resolve <id>`, `admin promote <id>`, `admin approve <entry>`, `admin pause` / `admin resume` (stop or restart answering for everyone).',
    );
  }
  return plainReply('help', lines.join('\n'));
}
