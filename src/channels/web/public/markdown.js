// Markdown-lite for answers: paragraphs, lists, headings, bold, code, links and `[n]` citations.

import { externalLink, h, isSafeUrl } from './dom.js';

const INLINE = /\*\*([^*\n]+?)\*\*|\[(\d{1,3})\](?!\()|\[([^\]\n]+)\]\(([^)\s]+)\)|`([^`\n]+)`/g;

/** Appends inline markdown (bold, links, code, `[n]` citations) to `parent` as DOM nodes. */
function appendInline(parent, text, citations) {
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) parent.append(text.slice(last, match.index));
    last = match.index + match[0].length;
    const [, bold, citeN, linkText, linkUrl, code] = match;
    if (bold !== undefined) {
      const strong = h('strong');
      appendInline(strong, bold, citations);
      parent.append(strong);
    } else if (citeN !== undefined) {
      parent.append(citationMarker(Number(citeN), citations));
    } else if (linkText !== undefined) {
      parent.append(isSafeUrl(linkUrl) ? externalLink(linkUrl, { text: linkText }) : linkText);
    } else if (code !== undefined) {
      parent.append(h('code', { text: code }));
    }
  }
  if (last < text.length) parent.append(text.slice(last));
}

function citationMarker(n, citations) {
  const citation = citations.find((c) => c.n === n);
  const sup = h('sup', { class: 'cite' });
  if (citation && isSafeUrl(citation.url)) {
    sup.append(
      externalLink(citation.url, {
        text: String(n),
        title: citation.title,
        'aria-label': `Source ${n}: ${citation.title}`,
      }),
    );
  } else {
    sup.append(h('span', { text: String(n), 'aria-label': `Source ${n}` }));
  }
  return sup;
}

/** Renders paragraphs, bullet and numbered lists and headings from markdown-lite text. */
export function renderMarkdown(text, citations) {
  const root = document.createDocumentFragment();
  let paragraph = null;
  let list = null;
  const close = () => {
    paragraph = null;
    list = null;
  };
  for (const rawLine of String(text).replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trimEnd();
    if (line.trim() === '') {
      close();
      continue;
    }
    const bullet = /^\s*[-*•]\s+(.*)$/.exec(line);
    const numbered = /^\s*(\d{1,3})[.)]\s+(.*)$/.exec(line);
    const heading = /^\s*#{1,6}\s+(.*)$/.exec(line);
    if (bullet || numbered) {
      const tag = bullet ? 'ul' : 'ol';
      if (!list || list.tagName.toLowerCase() !== tag) {
        list = h(tag);
        if (numbered && numbered[1] !== '1') list.setAttribute('start', numbered[1]);
        root.append(list);
      }
      paragraph = null;
      const li = h('li');
      appendInline(li, bullet ? bullet[1] : numbered[2], citations);
      list.append(li);
    } else if (heading) {
      close();
      const p = h('p');
      const strong = h('strong');
      appendInline(strong, heading[1], citations);
      p.append(strong);
      root.append(p);
    } else if (list && /^\s{2,}\S/.test(rawLine)) {
      // An indented line continues the previous list item.
      const item = list.lastElementChild;
      item.append(' ');
      appendInline(item, line.trim(), citations);
    } else {
      list = null;
      if (paragraph) paragraph.append(h('br'));
      else {
        paragraph = h('p');
        root.append(paragraph);
      }
      appendInline(paragraph, line, citations);
    }
  }
  return root;
}
