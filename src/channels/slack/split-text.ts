/** Slack's limit on a section block's text. */
export const SECTION_TEXT_LIMIT = 3000;
/** Slack's limit on blocks in one message. */
export const MESSAGE_BLOCK_LIMIT = 50;

/**
 * Splits mrkdwn into pieces of at most `limit` characters, preferring paragraph, then line,
 * then word boundaries. A code block cut in two is closed and reopened, so every piece
 * is well formed on its own.
 */
export function splitMrkdwn(text: string, limit = SECTION_TEXT_LIMIT): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  // Room for a closing fence and newline that a cut inside code adds.
  const budget = Math.max(limit - 4, 16);
  while (rest.length > limit) {
    const cut = cutPoint(rest, budget);
    let head = rest.slice(0, cut).trimEnd();
    let tail = rest.slice(cut).replace(/^\n+/, '').replace(/^ +/, '');
    if (openFence(head)) {
      head = `${head}\n\`\`\``;
      tail = `\`\`\`\n${tail}`;
    }
    pieces.push(head);
    rest = tail;
  }
  if (rest) pieces.push(rest);
  return pieces;
}

function cutPoint(text: string, budget: number): number {
  const window = text.slice(0, budget);
  const half = budget / 2;
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(separator);
    if (at >= half) return at + separator.length;
  }
  // No boundary in the second half: cut hard, but never inside an escape such as `&amp;`
  // or a link `<url|label>`.
  let at = budget;
  const amp = window.lastIndexOf('&');
  if (amp > budget - 6 && !window.slice(amp).includes(';')) at = amp;
  const lt = window.lastIndexOf('<');
  if (lt > window.lastIndexOf('>') && lt > 0) at = Math.min(at, lt);
  return at;
}

function openFence(text: string): boolean {
  return (text.match(/^```/gm) ?? []).length % 2 === 1;
}
