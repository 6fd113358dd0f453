// Answers as Markdown: parsed by marked, sanitised by DOMPurify, then `[n]` citations linked.

import { externalLink, h, isSafeUrl } from './dom.js';
import { Marked } from './vendor/marked.js';
import DOMPurify from './vendor/purify.js';

const escapeHtml = (text) =>
  String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

const markdown = new Marked({ gfm: true, breaks: true });
markdown.use({
  renderer: {
    // Headings inside an answer are not headings of the page: a bold line reads right.
    heading({ tokens }) {
      return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>\n`;
    },
    // Raw HTML in an answer is shown as typed, never interpreted.
    html({ text }) {
      return escapeHtml(text);
    },
    // No remote images: the alt text stands in.
    image({ text }) {
      return escapeHtml(text);
    },
  },
});

const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'ul',
  'ol',
  'li',
  'a',
  'blockquote',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'hr',
];

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

/** Replaces `[n]` in text outside links and code with citation markers. */
function linkCitations(root, citations) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest('a, code, pre')) texts.push(node);
  }
  for (const node of texts) {
    const parts = node.data.split(/\[(\d{1,3})\]/);
    if (parts.length === 1) continue;
    const replacement = document.createDocumentFragment();
    parts.forEach((part, i) => {
      if (i % 2 === 0) {
        if (part) replacement.append(part);
      } else replacement.append(citationMarker(Number(part), citations));
    });
    node.replaceWith(replacement);
  }
}

/** Links open in a new tab without access to this page; any other link keeps only its text. */
function secureLinks(root) {
  for (const a of [...root.querySelectorAll('a')]) {
    const href = a.getAttribute('href') || '';
    if (!isSafeUrl(href)) {
      a.replaceWith(...a.childNodes);
      continue;
    }
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer');
  }
}

/** Renders Markdown text as sanitised DOM nodes, with `[n]` citations linked to their sources. */
export function renderMarkdown(text, citations) {
  const html = markdown.parse(String(text ?? ''), { async: false });
  const fragment = DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href', 'start', 'align'],
    RETURN_DOM_FRAGMENT: true,
  });
  secureLinks(fragment);
  linkCitations(fragment, Array.isArray(citations) ? citations : []);
  return fragment;
}
