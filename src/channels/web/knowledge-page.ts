import { marked } from 'marked';
import { type HTMLElement, type Node, NodeType, parse } from 'node-html-parser';

/** Which knowledge files are shown as a readable page rather than as the file itself. */
export function readablePageKind(relativePath: string): 'markdown' | 'html' | undefined {
  const extension = relativePath.toLowerCase().split('.').pop();
  if (extension === 'md' || extension === 'markdown') return 'markdown';
  if (extension === 'html' || extension === 'htm') return 'html';
  return undefined;
}

export interface KnowledgePageInput {
  kind: 'markdown' | 'html';
  source: string;
  /** Shown as the heading when the document names no title. */
  fallbackTitle: string;
  /** The cited passage to highlight (the `hl` of a citation link). */
  highlight?: string;
  /** Link to the original file; pages that are not knowledge documents have none. */
  originalHref?: string;
}

/** Elements kept (without attributes, except the few below). */
const KEPT = new Set([
  'p',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'caption',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'del',
  'code',
  'pre',
  'blockquote',
  'a',
  'sub',
  'sup',
  'small',
  'mark',
  'abbr',
]);
/** Elements dropped with everything inside them. */
const DROPPED = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'noscript',
  'template',
  'svg',
  'math',
  'head',
  'title',
  'link',
  'meta',
  'base',
  'frame',
  'frameset',
  'applet',
  'audio',
  'video',
  'canvas',
  'img',
  'picture',
  'source',
]);
const VOID = new Set(['br', 'hr']);
/** Elements a highlight can land on. */
const BLOCKS = new Set([
  'p',
  'li',
  'tr',
  'td',
  'th',
  'dd',
  'dt',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'blockquote',
]);

/**
 * A knowledge document as a readable, self-contained HTML page: Markdown rendered (front
 * matter left out), HTML reduced to an allowlist of structural elements with no scripts,
 * styles, images or attributes other than safe links, and the block holding the cited
 * passage highlighted with the anchor `#cited`.
 */
export function renderKnowledgePage(input: KnowledgePageInput): string {
  const { body, title } =
    input.kind === 'markdown'
      ? markdownBody(input.source)
      : { body: htmlBody(input.source), title: htmlTitle(input.source) };
  const root = parse(body, { comment: false });
  const cited = input.highlight ? bestBlock(root, input.highlight) : undefined;
  const article = clean(root, cited);
  const heading = title ?? input.fallbackTitle;
  const hasHeading = /^\s*<h1[\s>]/.test(article);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading)}</title>
<style>
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 0; background: #fff; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
.source { color: #59636e; font-size: 0.875rem; margin: 0 0 1rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #d1d9e0; padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
pre { background: #f6f8fa; padding: 0.75rem; overflow-x: auto; }
blockquote { border-left: 4px solid #d1d9e0; margin: 0; padding: 0 1rem; color: #59636e; }
.cited { background: #fff3b0; outline: 3px solid #fff3b0; scroll-margin-top: 2rem; }
</style>
</head>
<body>
<main>
${input.originalHref ? `<p class="source">From the company knowledge base${cited ? ' · the cited passage is highlighted' : ''} · <a href="${escapeHtml(input.originalHref)}">original file</a></p>\n` : ''}${hasHeading ? '' : `<h1>${escapeHtml(heading)}</h1>\n`}<article>
${article}
</article>
</main>
</body>
</html>
`;
}

function markdownBody(source: string): { body: string; title?: string } {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const front = /^---\n([\s\S]*?)\n---\n?/.exec(text);
  const title = front ? /^title:\s*["']?(.+?)["']?\s*$/m.exec(front[1]!)?.[1] : undefined;
  const body = marked.parse(front ? text.slice(front[0].length) : text, { async: false, gfm: true });
  return { body, ...(title ? { title } : {}) };
}

function htmlBody(source: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(source);
  return body ? body[1]! : source;
}

function htmlTitle(source: string): string | undefined {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(source)?.[1];
  const text = title ? parse(title).text.replace(/\s+/g, ' ').trim() : '';
  return text || undefined;
}

/** Serialises the allowed part of the tree; `cited` gets the highlight and the anchor. */
function clean(node: Node, cited: Node | undefined): string {
  if (node.nodeType === NodeType.TEXT_NODE) return escapeHtml(node.text);
  if (node.nodeType !== NodeType.ELEMENT_NODE) return '';
  const element = node as HTMLElement;
  const tag = element.rawTagName?.toLowerCase();
  const inner = () => element.childNodes.map((child) => clean(child, cited)).join('');
  if (!tag) return inner();
  if (DROPPED.has(tag)) return '';
  if (!KEPT.has(tag)) return inner();
  if (VOID.has(tag)) return `<${tag}>`;
  const attributes: string[] = [];
  if (tag === 'a') {
    const href = safeHref(element.getAttribute('href'));
    if (href) attributes.push(`href="${escapeHtml(href)}"`, 'rel="noopener noreferrer"');
  }
  if (tag === 'td' || tag === 'th') {
    for (const name of ['colspan', 'rowspan']) {
      const value = element.getAttribute(name);
      if (value && /^\d{1,3}$/.test(value)) attributes.push(`${name}="${value}"`);
    }
  }
  if (node === cited) attributes.push('id="cited"', 'class="cited"');
  return `<${tag}${attributes.map((a) => ` ${a}`).join('')}>${inner()}</${tag}>`;
}

function safeHref(href: string | undefined): string | undefined {
  if (!href) return undefined;
  const trimmed = href.trim();
  if (/^(https?:|mailto:)/i.test(trimmed)) return trimmed;
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith('//')) return undefined;
  return trimmed;
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/\p{L}{3,}|\d+(?:[.,]\d+)*/gu) ?? [];
}

/**
 * The block whose text shares the most words with the passage (the smallest such block
 * when several tie), provided it holds at least half of them.
 */
function bestBlock(root: HTMLElement, passage: string): Node | undefined {
  const wanted = new Set(wordsOf(passage));
  if (wanted.size === 0) return undefined;
  let best: { node: Node; score: number; size: number } | undefined;
  const visit = (node: Node) => {
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const element = node as HTMLElement;
    const tag = element.rawTagName?.toLowerCase();
    if (tag && DROPPED.has(tag)) return;
    if (tag && BLOCKS.has(tag)) {
      const words = wordsOf(element.text);
      const score = new Set(words.filter((w) => wanted.has(w))).size;
      if (score > 0 && (!best || score > best.score || (score === best.score && words.length < best.size))) {
        best = { node, score, size: words.length };
      }
    }
    for (const child of element.childNodes) visit(child);
  };
  visit(root);
  const found = best as { node: Node; score: number } | undefined;
  return found && found.score * 2 >= Math.min(wanted.size, 12) ? found.node : undefined;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
