import { type HTMLElement, type Node, NodeType } from 'node-html-parser';
import type { Section } from '../document.js';
import { SectionBuilder } from './section-builder.js';
import { closestTable, describeRow, htmlTableRows } from './table-rows.js';

/** Elements whose content is never body text. */
const SKIPPED = new Set([
  'script',
  'style',
  'nav',
  'footer',
  'noscript',
  'template',
  'svg',
  'head',
  'iframe',
  'object',
  'canvas',
  'button',
  'select',
]);
/** Elements that end the current paragraph before and after them. */
const PARAGRAPHS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'aside',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'dl',
  'table',
  'figure',
  'form',
  'fieldset',
  'address',
  'details',
  'hr',
]);
/** Elements that end the current line before and after them. */
const LINES = new Set(['li', 'dt', 'dd', 'caption', 'figcaption', 'summary', 'legend']);
const HEADING = /^h([1-6])$/;

/** The sections of an HTML body split by h1..h6, and the text of the first h1. */
export function sectionsFromHtml(root: HTMLElement): { sections: Section[]; firstH1?: string } {
  const walker = new HtmlWalker();
  walker.walk(root);
  return { sections: walker.builder.finish(), firstH1: walker.firstH1 };
}

/** The visible text of an element, whitespace collapsed, skipped elements left out. */
export function visibleText(node: Node): string {
  if (node.nodeType === NodeType.TEXT_NODE) return node.text;
  if (node.nodeType !== NodeType.ELEMENT_NODE) return '';
  const element = node as HTMLElement;
  if (isSkipped(element)) return '';
  const tag = element.tagName?.toLowerCase() ?? '';
  const inner = element.childNodes.map(visibleText).join('');
  if (tag === 'br' || PARAGRAPHS.has(tag) || LINES.has(tag) || tag === 'td' || tag === 'th') {
    return ` ${inner} `;
  }
  return inner;
}

class HtmlWalker {
  readonly builder = new SectionBuilder();
  firstH1: string | undefined;
  private inline = '';

  walk(node: Node): void {
    if (node.nodeType === NodeType.TEXT_NODE) {
      this.inline += node.text;
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const element = node as HTMLElement;
    if (isSkipped(element)) return;
    const tag = element.tagName?.toLowerCase() ?? '';

    const heading = HEADING.exec(tag);
    if (heading) {
      this.endParagraph();
      const text = visibleText(element).replace(/\s+/g, ' ').trim();
      const level = Number(heading[1]);
      if (level === 1 && this.firstH1 === undefined && text.length > 0) this.firstH1 = text;
      this.builder.heading(level, text);
      return;
    }
    if (tag === 'br') {
      this.endLine();
      return;
    }
    if (tag === 'img') return;
    if (tag === 'tr') {
      this.endLine();
      const table = closestTable(element);
      const { headers, headerRow } = table ? htmlTableRows(table) : {};
      const cells = element.childNodes
        .filter((child): child is HTMLElement => child.nodeType === NodeType.ELEMENT_NODE)
        .filter((cell) => ['td', 'th'].includes(cell.tagName.toLowerCase()))
        .map((cell) => visibleText(cell).replace(/\s+/g, ' ').trim());
      // The header row is said with every row instead of on its own.
      if (element !== headerRow) this.builder.line(describeRow(cells, headers));
      return;
    }
    if (tag === 'pre') {
      this.endParagraph();
      this.builder.line(element.text);
      this.builder.paragraphBreak();
      return;
    }
    if (tag === 'li') {
      this.endLine();
      const parent = element.parentNode;
      if (parent?.tagName?.toLowerCase() === 'ol') {
        const position = parent.childNodes
          .filter((child) => child.nodeType === NodeType.ELEMENT_NODE)
          .indexOf(element);
        this.inline = `${position + 1}. `;
      } else {
        this.inline = '- ';
      }
      for (const child of element.childNodes) this.walk(child);
      this.endLine();
      this.inline = '';
      return;
    }

    const paragraph = PARAGRAPHS.has(tag);
    const line = LINES.has(tag);
    if (paragraph) this.endParagraph();
    else if (line) this.endLine();
    for (const child of element.childNodes) this.walk(child);
    if (paragraph) this.endParagraph();
    else if (line) this.endLine();
  }

  private endLine(): void {
    const text = this.inline.replace(/\s+/g, ' ').trim();
    // A bare list marker waits for the item's text, which may sit inside a nested <p>.
    if (/^(?:-|\d+\.)$/.test(text)) {
      this.inline = `${text} `;
      return;
    }
    this.inline = '';
    if (text.length > 0) this.builder.line(text);
  }

  private endParagraph(): void {
    this.endLine();
    this.builder.paragraphBreak();
  }
}

function isSkipped(element: HTMLElement): boolean {
  const tag = element.tagName?.toLowerCase() ?? '';
  if (SKIPPED.has(tag)) return true;
  return element.getAttribute('hidden') !== undefined || element.getAttribute('aria-hidden') === 'true';
}
