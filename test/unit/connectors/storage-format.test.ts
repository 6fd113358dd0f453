import { describe, expect, it } from 'vitest';
import { crackHtmlString } from '../../../src/knowledge/crack/index.js';
import { storageToHtml } from '../../../src/knowledge/sources/confluence/storage-format.js';
import { retryDelayMs } from '../../../src/knowledge/sync/retry-after.js';

describe('storageToHtml', () => {
  it('keeps headings, panel text and code, and drops macro parameters and resource links', () => {
    const html = storageToHtml(
      'Runbook <draft>',
      `<h1>Restart</h1><p>See <ac:link><ri:page ri:content-title="Other page" /></ac:link> first.</p>
<ac:structured-macro ac:name="warning"><ac:parameter ac:name="title">Careful</ac:parameter><ac:rich-text-body><p>Drain the node before restarting.</p></ac:rich-text-body></ac:structured-macro>
<h2>Commands</h2><ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[kubectl drain node-1 && echo "<ok>"]]></ac:plain-text-body></ac:structured-macro>`,
    );
    const cracked = crackHtmlString('runbook.html', html);
    expect(cracked.title).toBe('Runbook <draft>');
    expect(cracked.sections.map((s) => s.headingPath)).toEqual([['Restart'], ['Restart', 'Commands']]);
    const text = cracked.sections.map((s) => s.text).join('\n');
    expect(text).toContain('Drain the node before restarting.');
    expect(text).toContain('kubectl drain node-1 && echo "<ok>"');
    expect(text).not.toMatch(/Careful|bash|Other page/);
  });
});

describe('retryDelayMs', () => {
  it('honours Retry-After in seconds or as a date, and backs off without it', () => {
    expect(retryDelayMs('7', 0, {})).toBe(7000);
    expect(retryDelayMs('Mon, 23 Nov 2026 10:00:30 GMT', 0, {}, Date.parse('2026-11-23T10:00:00Z'))).toBe(
      30_000,
    );
    expect(retryDelayMs(null, 0, { baseDelayMs: 500 })).toBe(500);
    expect(retryDelayMs(null, 3, { baseDelayMs: 500 })).toBe(4000);
    expect(retryDelayMs('3600', 0, { maxDelayMs: 60_000 })).toBe(60_000);
  });
});
