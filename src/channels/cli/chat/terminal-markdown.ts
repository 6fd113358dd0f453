/** ANSI styles for a terminal that shows them; plain text otherwise. */
export interface TerminalStyle {
  bold(text: string): string;
  italic(text: string): string;
  code(text: string): string;
}

export const PLAIN: TerminalStyle = { bold: (t) => t, italic: (t) => t, code: (t) => t };

export const ANSI: TerminalStyle = {
  bold: (t) => `\u001b[1m${t}\u001b[22m`,
  italic: (t) => `\u001b[3m${t}\u001b[23m`,
  code: (t) => `\u001b[36m${t}\u001b[39m`,
};

/** Styles for standard output: ANSI on a terminal unless NO_COLOR is set, plain when piped. */
export function stdoutStyle(): TerminalStyle {
  return process.stdout.isTTY && !process.env.NO_COLOR ? ANSI : PLAIN;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const BULLET = /^([ \t]*)[-*+][ \t]+(.*)$/;
const NUMBERED = /^([ \t]*)(\d{1,9})[.)][ \t]+(.*)$/;
const QUOTE = /^ {0,3}>[ \t]?(.*)$/;
const TABLE_DIVIDER = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/**
 * Markdown as terminal text, line by line: emphasis and strong text styled (or their
 * markers dropped), lists as `-` or numbered lines, headings as bold lines, quotes after
 * `> `, table rows as cells between ` | `, links as `text (url)`, raw HTML shown as typed,
 * `[n]` citations kept. Replies use this much of Markdown; a full parser costs a one-shot
 * command more time to load than the rest of its answer.
 */
export function markdownToTerminal(markdown: string, style: TerminalStyle = PLAIN): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    const fence = FENCE.exec(line);
    if (fence) {
      const close = lines.findIndex((l, j) => j > i && l.trim().startsWith(fence[1]!));
      const end = close === -1 ? lines.length : close;
      out.push(style.code(lines.slice(i + 1, end).join('\n')));
      i = end;
      continue;
    }
    if (line.includes('|') && TABLE_DIVIDER.test(lines[i + 1] ?? '') && lines[i + 1]!.includes('-')) {
      out.push(tableRow(line, style));
      for (i += 2; i < lines.length && lines[i]!.includes('|'); i++) out.push(tableRow(lines[i]!, style));
      i--;
      continue;
    }
    out.push(block(line, style));
  }
  return out
    .join('\n')
    .replace(/\n[ \t]*(?:\n[ \t]*)+/g, '\n\n')
    .trim();
}

function block(line: string, style: TerminalStyle): string {
  let m = HEADING.exec(line);
  if (m) return style.bold(inline(m[1]!, style));
  if (RULE.test(line)) return '---';
  m = BULLET.exec(line);
  if (m) return `${m[1]}- ${inline(m[2]!, style)}`;
  m = NUMBERED.exec(line);
  if (m) return `${m[1]}${m[2]}. ${inline(m[3]!, style)}`;
  m = QUOTE.exec(line);
  if (m) return `> ${inline(m[1]!, style)}`;
  return inline(line.trim(), style);
}

function tableRow(line: string, style: TerminalStyle): string {
  return line
    .trim()
    .replace(/^\||(?<!\\)\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => inline(cell.trim(), style))
    .join(' | ');
}

/**
 * Spans whose text is taken as it stands: code, escaped characters, and link targets. Held
 * out of the text while emphasis is read, then put back.
 */
const HELD =
  /`+([^`]|[^`][\s\S]*?[^`])`+|\\([!-/:-@[-`{-~])|!\[([^\]]*)\]\([^)]*\)|\[([^\]]+)\]\(\s*<?([^\s)>]+)>?(?:\s+"[^"]*")?\s*\)|<((?:https?|mailto):[^\s>]+)>/g;

function inline(text: string, style: TerminalStyle): string {
  const held: string[] = [];
  const hold = (s: string) => `\uE000${held.push(s) - 1}\uE001`;
  let out = text
    .replace(/[\uE000\uE001]/g, '')
    .replace(HELD, (whole, code, escaped, alt, label, href, autolink) => {
      if (code !== undefined) return hold(style.code(code.trim()));
      if (escaped !== undefined) return hold(escaped);
      if (alt !== undefined) return hold(alt);
      if (label !== undefined) {
        const shown = inline(label, style);
        return hold(shown === href ? shown : `${shown} (${href})`);
      }
      if (autolink !== undefined) return hold(autolink);
      return whole;
    });
  out = out
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, (_m, _mark, body) => style.bold(body))
    .replace(/\*([^\s*](?:[^*]*?[^\s*])?)\*|\b_([^\s_](?:[^_]*?[^\s_])?)_\b/g, (_m, star, under) =>
      style.italic(star ?? under),
    )
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1');
  return out.replace(/\uE000(\d+)\uE001/g, (_m, n) => held[Number(n)]!);
}
