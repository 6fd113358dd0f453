import { parse } from 'node-html-parser';
import type { CrackedDocument } from '../document.js';
import { DEFAULT_FILE_LIMITS, type FileLimits } from '../file-limits.js';
import { decodeReadableText } from './decode-text.js';
import { sectionsFromHtml } from './html-sections.js';
import { humanizeFileName } from './humanize-file-name.js';

/** The meta tag name whose content lists the principals allowed to read a page. */
export const ACL_META_NAME = 'lumen-acl';

/**
 * Cracks HTML: drops scripts, styles, navigation and footers; one section per h1..h6 with
 * its heading path; title from `<title>`, else the first h1, else the file name;
 * `<meta name="lumen-acl" content="group:hr, user:x@y">` into `metadata.acl`.
 */
export function crackHtml(
  path: string,
  bytes: Buffer,
  limits: FileLimits = DEFAULT_FILE_LIMITS,
): CrackedDocument {
  return crackHtmlString(path, decodeReadableText(path, bytes, limits));
}

/** Cracks an HTML string; shared with DOCX, whose converter produces HTML. */
export function crackHtmlString(path: string, html: string): CrackedDocument {
  // The parser keeps declarations as text; they are not content.
  const markup = html.replace(/<!doctype[^>]*>|<\?xml[^>]*\?>/gi, '');
  const root = parse(markup, {
    comment: false,
    blockTextElements: { script: false, style: false, noscript: false, pre: true },
  });
  const metadata: Record<string, unknown> = {};
  for (const meta of root.querySelectorAll('meta')) {
    const name = meta.getAttribute('name')?.trim().toLowerCase();
    const content = meta.getAttribute('content');
    if (name === ACL_META_NAME && content !== undefined) {
      metadata.acl = content
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0);
    }
  }
  const headTitle = root.querySelector('title')?.text.replace(/\s+/g, ' ').trim();
  const { sections, firstH1 } = sectionsFromHtml(root);
  const title = headTitle || firstH1 || humanizeFileName(path);
  if (headTitle) metadata.title = headTitle;
  return { title, sections, metadata };
}
