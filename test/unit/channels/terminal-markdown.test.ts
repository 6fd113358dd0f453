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
});
