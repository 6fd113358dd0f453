import { randomUUID } from 'node:crypto';
import { requireIndexed, withLumen } from '../cli-context.js';
import { cliIdentity, cliTurn } from './cli-turn.js';
import { renderReplyText } from './render-text.js';
import { stdoutStyle } from './terminal-markdown.js';

/** `lumen ask "<question>"`: one question through the real ask pipeline. */
export async function askCommand(
  question: string,
  options: { dataDir?: string; json?: boolean; as?: string; groups?: string },
): Promise<void> {
  await withLumen(options, async (lumen) => {
    await requireIndexed(lumen);
    const reply = await lumen.copilot.handle(cliTurn(cliIdentity(options), randomUUID(), { text: question }));
    if (reply.kind === 'error') throw new Error(reply.text);
    if (options.json) {
      const out = {
        answer: reply.text,
        abstained: reply.kind !== 'answer',
        citations: reply.citations.map((c) => ({ n: c.n, title: c.title, source: c.location, url: c.url })),
      };
      process.stdout.write(`${JSON.stringify(out)}\n`);
    } else {
      process.stdout.write(`${renderReplyText(reply, stdoutStyle())}\n`);
    }
  });
}
