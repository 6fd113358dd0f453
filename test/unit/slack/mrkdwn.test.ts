import { describe, expect, it } from 'vitest';
import { absoluteUrl, slackLink, toMrkdwn, toPlainText } from '../../../src/channels/slack/mrkdwn.js';

describe('toMrkdwn', () => {
  it('keeps three backticks inside a line from opening or closing a code block', () => {
    const out = toMrkdwn('Type ``` to start code\n```\ncode with ``` inside\n```');
    expect(out.split('\n').filter((line) => line.startsWith('```'))).toEqual(['```', '```']);
    expect(out.match(/```/g)).toHaveLength(2);
    expect(out.split('\n')[0]).toMatch(/^Type .+ to start code$/);
    expect(out).toContain('code with ``\u200b` inside');
  });

  it('turns bold, italics and strike-through into Slack marks', () => {
    expect(toMrkdwn('You get **25 days** of *paid* leave, not ~~20~~.')).toBe(
      'You get *25 days* of _paid_ leave, not ~20~.',
    );
    expect(toMrkdwn('__Important__: read it')).toBe('*Important*: read it');
  });

  it('turns links into <url|label>, resolving relative ones against the public URL', () => {
    expect(toMrkdwn('See [the handbook](https://intranet.example/hb?a=1).')).toBe(
      'See <https://intranet.example/hb?a=1|the handbook>.',
    );
    expect(toMrkdwn('See [leave](/knowledge/hr/leave.md).', { publicUrl: 'https://lumen.example.com' })).toBe(
      'See <https://lumen.example.com/knowledge/hr/leave.md|leave>.',
    );
  });

  it('renders a link it cannot make absolute, or an unsafe one, as its label only', () => {
    expect(toMrkdwn('See [leave](/knowledge/hr/leave.md).')).toBe('See leave.');
    expect(toMrkdwn('[click](javascript:alert(1))')).not.toContain('javascript');
  });

  it('keeps characters that would end a Slack link out of its parts', () => {
    expect(slackLink('a|b>c', 'https://x.example/p|q>r')).toBe('<https://x.example/p%7Cq%3Er|a¦b&gt;c>');
  });

  it('turns headings into bold lines and lists into bullets, keeping nesting and numbers', () => {
    const md = '## Leave\n- annual\n  - carry-over\n1. ask\n2. wait';
    expect(toMrkdwn(md)).toBe('*Leave*\n• annual\n    • carry-over\n1. ask\n2. wait');
  });

  it('escapes &, < and > so text cannot become Slack markup', () => {
    expect(toMrkdwn('a < b & c > d <!channel>')).toBe('a &lt; b &amp; c &gt; d &lt;!channel&gt;');
  });

  it('leaves code verbatim (escaped only) and closes an unclosed fence', () => {
    expect(toMrkdwn('Run `a **b** <c>` now')).toBe('Run `a **b** &lt;c&gt;` now');
    expect(toMrkdwn('```ts\nconst x = **y**;')).toBe('```\nconst x = **y**;\n```');
  });

  it('drops unpaired bold marks instead of leaving markup open', () => {
    expect(toMrkdwn('half **open')).toBe('half open');
  });

  it('leaves citation markers and snake_case alone', () => {
    expect(toMrkdwn('Use snake_case_names [1] and 2*3*4 [2].')).toBe(
      'Use snake_case_names [1] and 2*3*4 [2].',
    );
  });

  it('keeps quotes as Slack quotes', () => {
    expect(toMrkdwn('> **Note** this')).toBe('> *Note* this');
  });
});

describe('absoluteUrl', () => {
  it('accepts only http and https', () => {
    expect(absoluteUrl('mailto:a@b.c')).toBeUndefined();
    expect(absoluteUrl('/x', 'https://l.example')).toBe('https://l.example/x');
  });
});

describe('toPlainText', () => {
  it('reduces links to labels and decodes entities', () => {
    expect(toPlainText('<https://x|site> &amp; &lt;b&gt;')).toBe('site & <b>');
  });
});
