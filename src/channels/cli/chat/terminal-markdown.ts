import { Lexer, type Token, type Tokens } from 'marked';

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

/**
 * Markdown as terminal text, parsed by the same library the web chat uses: emphasis and
 * strong text styled (or their markers dropped), lists as `-` or numbered lines, headings
 * as bold lines, links as `text (url)`, raw HTML shown as typed, `[n]` citations kept.
 */
export function markdownToTerminal(markdown: string, style: TerminalStyle = PLAIN): string {
  const tokens = Lexer.lex(markdown, { gfm: true, breaks: true });
  return blocks(tokens, style).join('\n\n');
}

function blocks(tokens: Token[], style: TerminalStyle): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    const text = block(token, style);
    if (text !== undefined) out.push(text);
  }
  return out;
}

function block(token: Token, style: TerminalStyle): string | undefined {
  switch (token.type) {
    case 'space':
      return undefined;
    case 'paragraph':
    case 'text':
      return 'tokens' in token && token.tokens ? inline(token.tokens, style) : token.raw;
    case 'heading':
      return style.bold(inline((token as Tokens.Heading).tokens, style));
    case 'list': {
      const list = token as Tokens.List;
      const first = typeof list.start === 'number' ? list.start : 1;
      return list.items
        .map((item, i) => {
          const marker = list.ordered ? `${first + i}.` : '-';
          const body = blocks(item.tokens, style).join('\n').replace(/\n/g, '\n   ');
          return `${marker} ${body}`;
        })
        .join('\n');
    }
    case 'blockquote':
      return blocks((token as Tokens.Blockquote).tokens, style)
        .join('\n\n')
        .replace(/^/gm, '> ');
    case 'code':
      return style.code((token as Tokens.Code).text);
    case 'table': {
      const table = token as Tokens.Table;
      const row = (cells: Tokens.TableCell[]) => cells.map((c) => inline(c.tokens, style)).join(' | ');
      return [row(table.header), ...table.rows.map(row)].join('\n');
    }
    case 'hr':
      return '---';
    default:
      return token.raw.trimEnd();
  }
}

function inline(tokens: Token[], style: TerminalStyle): string {
  let out = '';
  for (const token of tokens) {
    switch (token.type) {
      case 'strong':
        out += style.bold(inline((token as Tokens.Strong).tokens, style));
        break;
      case 'em':
        out += style.italic(inline((token as Tokens.Em).tokens, style));
        break;
      case 'del':
        out += inline((token as Tokens.Del).tokens, style);
        break;
      case 'codespan':
        out += style.code((token as Tokens.Codespan).text);
        break;
      case 'br':
        out += '\n';
        break;
      case 'link': {
        const link = token as Tokens.Link;
        const text = inline(link.tokens, style);
        out += text === link.href ? text : `${text} (${link.href})`;
        break;
      }
      case 'image':
        out += (token as Tokens.Image).text;
        break;
      case 'text':
        out += 'tokens' in token && token.tokens ? inline(token.tokens, style) : (token as Tokens.Text).text;
        break;
      case 'escape':
        out += (token as Tokens.Escape).text;
        break;
      default:
        out += token.raw;
    }
  }
  return out;
}
