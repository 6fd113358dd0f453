/** Options for turning Markdown into Slack mrkdwn. */
export interface MrkdwnOptions {
  /** Base URL for relative links such as `/knowledge/a.md`; without it they render as plain text. */
  publicUrl?: string;
}

const FENCE = /^\s*```/;
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/** Escapes the three characters Slack reserves for its own markup. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An absolute http(s) URL for a link, or undefined when it cannot be linked safely. */
export function absoluteUrl(url: string, publicUrl?: string): string | undefined {
  try {
    const resolved = publicUrl ? new URL(url, publicUrl) : new URL(url);
    if (resolved.protocol !== 'https:' && resolved.protocol !== 'http:') return undefined;
    return resolved.href;
  } catch {
    return undefined;
  }
}

/** A Slack link `<url|label>`, or the escaped label alone when the URL is not linkable. */
export function slackLink(label: string, url: string, publicUrl?: string): string {
  const href = absoluteUrl(url, publicUrl);
  // `|` and `>` end a Slack link; keep them out of both parts.
  const text = escapeMrkdwn(label).replace(/\|/g, '¦');
  if (!href) return text;
  return `<${href.replace(/\|/g, '%7C').replace(/>/g, '%3E')}|${text}>`;
}

/**
 * Converts the core's Markdown (bold, italics, links, lists, headings, quotes, code) into
 * Slack mrkdwn. Code is kept verbatim; an unclosed code fence is closed so the result is
 * always well formed, even for a partial streamed answer.
 */
export function toMrkdwn(markdown: string, options: MrkdwnOptions = {}): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (FENCE.test(line)) {
      out.push(inFence ? '```' : '```');
      inFence = !inFence;
      continue;
    }
    // Three backticks inside a line would open or close a code block in Slack; a zero-width
    // space keeps them looking the same without that effect.
    const inert = line.replace(/```/g, '``\u200b`');
    out.push(inFence ? escapeMrkdwn(inert) : convertLine(inert, options));
  }
  if (inFence) out.push('```');
  return out.join('\n');
}

function convertLine(line: string, options: MrkdwnOptions): string {
  const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading) return `*${stripEmphasis(convertInline(heading[1]!, options))}*`;
  if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) return '───';
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet) return `${indent(bullet[1]!)}• ${convertInline(bullet[2]!, options)}`;
  const ordered = /^(\s*)(\d+)[.)]\s+(.*)$/.exec(line);
  if (ordered) return `${indent(ordered[1]!)}${ordered[2]}. ${convertInline(ordered[3]!, options)}`;
  const quote = /^\s{0,3}>\s?(.*)$/.exec(line);
  if (quote) return `> ${convertInline(quote[1]!, options)}`;
  return convertInline(line, options);
}

function indent(spaces: string): string {
  return '    '.repeat(Math.floor(spaces.replace(/\t/g, '  ').length / 2));
}

function stripEmphasis(text: string): string {
  return text.replace(/(^|[^\w])\*([^*\n]+)\*(?=[^\w]|$)/g, '$1$2');
}

/** Converts one line outside code blocks; inline code spans are kept verbatim. */
function convertInline(line: string, options: MrkdwnOptions): string {
  const parts = line.split(/(`[^`\n]+`)/);
  return parts
    .map((part, i) => (i % 2 === 1 ? `\`${escapeMrkdwn(part.slice(1, -1))}\`` : convertText(part, options)))
    .join('');
}

function convertText(text: string, options: MrkdwnOptions): string {
  const saved: string[] = [];
  const keep = (value: string) => `\uE000${saved.push(value) - 1}\uE001`;
  // A stray backtick outside code would open code formatting in Slack; show a look-alike.
  let s = text.replace(/[\uE000\uE001]/g, '').replace(/`/g, 'ˋ');
  // Links first, so their labels and URLs are not touched by the emphasis rules.
  s = s.replace(/!?\[([^\]\n]+)\]\(\s*([^)\s]+)(?:\s+"[^"]*")?\s*\)/g, (_m, label: string, url: string) =>
    keep(slackLink(label.replace(/\*\*|__|\*|_/g, ''), url, options.publicUrl)),
  );
  s = s.replace(/<(https?:\/\/[^>\s]+)>/g, (_m, url: string) => keep(slackLink(url, url)));
  s = escapeMrkdwn(s);
  s = s.replace(/(^|[^*\w])\*(?!\*|\s)([^*\n]*?[^*\s])\*(?!\*)/g, (_m, pre: string, body: string) =>
    keep(`${pre}_${body}_`),
  );
  s = s.replace(/\*\*(?!\s)(.+?)(?<!\s)\*\*/g, (_m, body: string) => keep(`*${body}*`));
  s = s.replace(/(^|[^\w])__(?!\s)(.+?)(?<!\s)__(?=[^\w]|$)/g, (_m, pre: string, body: string) =>
    keep(`${pre}*${body}*`),
  );
  s = s.replace(/~~(?!\s)(.+?)(?<!\s)~~/g, (_m, body: string) => keep(`~${body}~`));
  // Whatever emphasis marks are left are unpaired; drop them so no markup is left open.
  s = s.replace(/\*\*/g, '');
  return restore(s, saved);
}

function restore(text: string, saved: string[]): string {
  let s = text;
  // Saved pieces can contain other saved pieces (emphasis around a link).
  for (let i = 0; i < 4 && /\uE000/.test(s); i++) {
    s = s.replace(PLACEHOLDER, (_m, n: string) => saved[Number(n)] ?? '');
  }
  return s;
}

/** Plain text for notifications: mrkdwn with links reduced to their labels. */
export function toPlainText(mrkdwn: string): string {
  return mrkdwn
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
