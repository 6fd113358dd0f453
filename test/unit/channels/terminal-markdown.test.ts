import { describe, expect, it } from 'vitest';
import { ANSI, markdownToTerminal } from '../../../src/channels/cli/chat/terminal-markdown.js';

describe('markdownToTerminal', () => {
  it('drops emphasis markers in plain text and keeps citations', () => {
    expect(markdownToTerminal('It is *not* a database, it is **a model** [1].')).toBe(
      'It is not a database, it is a model [1].',
    );
  });

  it('styles emphasis with ANSI codes on a terminal', () => {
    expect(markdownToTerminal('It is *not* **so**', ANSI)).toBe(
      'It is \u001b[3mnot\u001b[23m \u001b[1mso\u001b[22m',
    );
  });

  it('renders lists, headings, links, line breaks and raw HTML as a reader would type them', () => {
    const text = markdownToTerminal(
      '## Steps\n\n1. Open *Compass*\n2. Ask [IT](https://it.example/help)\n\n- one\n- two\n\nLine one\nline two <b>x</b> 5 < 6',
    );
    expect(text).toBe(
      'Steps\n\n1. Open Compass\n2. Ask IT (https://it.example/help)\n\n- one\n- two\n\nLine one\nline two <b>x</b> 5 < 6',
    );
  });

  it('keeps table rows as cells, quotes, code and nested list items', () => {
    const text = markdownToTerminal(
      '| Level | Days |\n| --- | ---: |\n| **Senior** | 25 |\n\n> Ask *first*\n\n```\nlumen ask\n```\n\n- Leave:\n  - Paid: up to 4 weeks\n  - Unpaid: 8 weeks',
    );
    expect(text).toBe(
      'Level | Days\nSenior | 25\n\n> Ask first\n\nlumen ask\n\n- Leave:\n  - Paid: up to 4 weeks\n  - Unpaid: 8 weeks',
    );
  });

  it('leaves code, escaped markers, snake_case and arithmetic as written', () => {
    expect(
      markdownToTerminal('Run `a *b* c`, type \\*stars\\*, set max_chunk_size, 2 * 3 * 4, _x_ and *y*'),
    ).toBe('Run a *b* c, type *stars*, set max_chunk_size, 2 * 3 * 4, x and y');
  });

  it('shows a link whose text is its address once, and an autolink as its address', () => {
    expect(markdownToTerminal('See [https://a.example](https://a.example) or <https://b.example/x>.')).toBe(
      'See https://a.example or https://b.example/x.',
    );
  });
});
