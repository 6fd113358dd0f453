import type { Reply } from '../../../core/index.js';
import { markdownToTerminal, PLAIN, type TerminalStyle } from './terminal-markdown.js';

/** Renders a reply for a terminal: the text (Markdown rendered), its sources, and what can be done next. */
export function renderReplyText(reply: Reply, style: TerminalStyle = PLAIN): string {
  const lines = [markdownToTerminal(reply.text, style)];
  if (reply.notice) lines.push('', `(${reply.notice})`);
  if (reply.attachment) {
    lines.push(
      '',
      `[file ${reply.attachment.filename}, ${Buffer.byteLength(reply.attachment.content)} bytes]`,
    );
  }
  if (reply.citations.length > 0) {
    lines.push('', 'Sources:');
    for (const c of reply.citations) lines.push(`  [${c.n}] ${c.title} (${c.location})`);
  }
  if (reply.quoted) lines.push('', 'Quoted from the sources above, as they are written.');
  else if (reply.aiGenerated)
    lines.push('', 'AI-generated from the sources above; check them for anything important.');
  return lines.join('\n');
}
