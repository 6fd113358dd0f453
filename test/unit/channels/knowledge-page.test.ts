import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { readablePageKind, renderKnowledgePage } from '../../../src/channels/web/knowledge-page.js';

const MARKDOWN = `---
title: Travel and expenses
owner: finance
---
# Travel and expenses

Book travel through the **portal**.

| City | Per diem |
| --- | --- |
| Toronto | 75 CAD |
| Lisbon | 60 EUR |

- Keep receipts for every expense above 25 EUR.
- Submit claims within 30 days.
`;

function page(input: Partial<Parameters<typeof renderKnowledgePage>[0]> = {}) {
  return renderKnowledgePage({
    kind: 'markdown',
    source: MARKDOWN,
    fallbackTitle: 'travel.md',
    originalHref: 'travel.md?raw=1',
    ...input,
  });
}

describe('knowledge pages', () => {
  it('knows which files are shown as pages', () => {
    expect(readablePageKind('a/b.md')).toBe('markdown');
    expect(readablePageKind('a/b.HTM')).toBe('html');
    expect(readablePageKind('a/b.pdf')).toBeUndefined();
    expect(readablePageKind('a/b.docx')).toBeUndefined();
  });

  it('renders Markdown without its front matter or raw markup', () => {
    const html = page();
    expect(html).toContain('<title>Travel and expenses</title>');
    expect(html).not.toContain('owner: finance');
    expect(html).not.toContain('**');
    expect(html).toContain('<strong>portal</strong>');
    const root = parse(html);
    expect(root.querySelectorAll('table tr')).toHaveLength(3);
    expect(root.querySelectorAll('h1')).toHaveLength(1);
    expect(root.querySelector('a')?.getAttribute('href')).toBe('travel.md?raw=1');
  });

  it('highlights the block holding the cited passage, with the #cited anchor', () => {
    const root = parse(page({ highlight: 'Keep receipts for every expense above 25 EUR.' }));
    const cited = root.querySelectorAll('#cited');
    expect(cited).toHaveLength(1);
    expect(cited[0]!.tagName).toBe('LI');
    expect(cited[0]!.text).toContain('Keep receipts');
    const row = parse(page({ highlight: 'Toronto | 75 CAD' })).querySelector('#cited');
    expect(row?.tagName).toBe('TR');
    expect(parse(page({ highlight: 'nothing like this appears' })).querySelector('#cited')).toBeNull();
  });

  it('keeps only safe structure from HTML: no scripts, styles, handlers, images or javascript: links', () => {
    const html = renderKnowledgePage({
      kind: 'html',
      source: `<html><head><title>VPN &amp; remote access</title><script>alert(1)</script></head>
        <body onload="alert(2)"><h2 style="color:red" onclick="alert(3)">Connect</h2>
        <p>Use <a href="javascript:alert(4)">this</a> or <a href="https://vpn.example.com/help">help</a>.</p>
        <iframe src="https://evil.example"></iframe><img src=x onerror="alert(5)">
        <style>body{display:none}</style><custom-el>kept text</custom-el><svg><script>alert(6)</script></svg></body></html>`,
      fallbackTitle: 'vpn.html',
      originalHref: 'vpn.html?raw=1',
    });
    expect(html).toContain('<title>VPN &amp; remote access</title>');
    expect(html).not.toMatch(/alert|onclick|onload|onerror|iframe|<img|display:none|javascript:/i);
    expect(html).toContain('<h2>Connect</h2>');
    expect(html).toContain('<a>this</a>');
    expect(html).toContain('<a href="https://vpn.example.com/help" rel="noopener noreferrer">help</a>');
    expect(html).toContain('kept text');
  });

  it('escapes text so a document cannot inject markup through it', () => {
    const html = page({ source: 'Use `<script>alert(1)</script>` and 1 < 2 & 3 > 2.' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});
