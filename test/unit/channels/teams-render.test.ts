import { describe, expect, it } from 'vitest';
import { toTeamsMessage } from '../../../src/channels/teams/render.js';
import { toTeamsMarkdown } from '../../../src/channels/teams/teams-markdown.js';
import type { Citation, Reply } from '../../../src/core/reply.js';

function citation(n: number, extra: Partial<Citation> = {}): Citation {
  return {
    n,
    title: `Doc ${n}`,
    url: `/knowledge/doc-${n}.md`,
    location: `doc-${n}.md`,
    snippet: `Snippet ${n}.`,
    sourceSystem: 'folder',
    ...extra,
  };
}

function answer(extra: Partial<Reply> = {}): Reply {
  return {
    kind: 'answer',
    text: 'Claim [1].',
    citations: [citation(1)],
    actions: [
      { label: 'Helpful', payload: { name: 'feedback', turnId: 't-1', rating: 'helpful' } },
      { label: 'Not helpful', payload: { name: 'feedback', turnId: 't-1', rating: 'not_helpful' } },
      { label: 'Talk to a human', payload: { name: 'escalate', turnId: 't-1' } },
    ],
    aiGenerated: true,
    visibility: 'conversation',
    turnId: 't-1',
    ...extra,
  };
}

type Claim = {
  position: number;
  appearance: { name: string; url?: string; abstract: string; keywords: string[] };
};

function claims(reply: Reply, publicUrl?: string): Claim[] {
  const entity = toTeamsMessage(reply, publicUrl ? { publicUrl } : {}).entities?.[0] as {
    citation?: Claim[];
  };
  return entity?.citation ?? [];
}

describe('toTeamsMessage', () => {
  it('keeps at most 10 citations, the most the Teams client accepts in one message', () => {
    const many = Array.from({ length: 25 }, (_, i) => citation(i + 1));
    expect(claims(answer({ citations: many })).map((c) => c.position)).toEqual(
      Array.from({ length: 10 }, (_, i) => i + 1),
    );
    // Markers past the tenth would show as raw text: they are left out of the message.
    const text = toTeamsMessage(
      answer({ text: 'One [1]. Ten [10]. Eleven [11][12]. Done.', citations: many }),
    ).text;
    expect(text).toBe('One [1]. Ten [10]. Eleven. Done.');
  });

  it('shows the cited passage on hover and links Lumen’s own pages to it, highlighted', () => {
    const passage = 'Birth parents receive 20 weeks of paid parental leave.';
    const [md, pdf, external] = claims(
      answer({
        citations: [
          citation(1, { url: '/knowledge/leave/parental.md', snippet: passage }),
          citation(2, { url: '/knowledge/handbook.pdf#page=4', snippet: passage }),
          citation(3, { url: 'https://contoso.sharepoint.com/leave.aspx', snippet: passage }),
        ],
      }),
      'https://lumen.example',
    );
    expect(md!.appearance.abstract).toBe(passage);
    expect(md!.appearance.url).toBe(
      `https://lumen.example/knowledge/leave/parental.md?hl=${encodeURIComponent(passage)}#cited`,
    );
    expect(pdf!.appearance.url).toBe('https://lumen.example/knowledge/handbook.pdf#page=4');
    expect(external!.appearance.url).toBe('https://contoso.sharepoint.com/leave.aspx');
  });

  it('sends a card reply as the card alone, with a plain summary for notifications', () => {
    const message = toTeamsMessage({
      kind: 'escalation_answer',
      text: '**Answer from Dana** to your question "per diem?":\n\nIt is 80 CAD since May.',
      citations: [],
      actions: [],
      aiGenerated: false,
      visibility: 'conversation',
    });
    expect(message.text).toBeUndefined();
    expect(message.summary).toBe('Answer from Dana to your question "per diem?":');
    const card = JSON.stringify(message.attachments?.[0]?.content);
    expect(card.match(/Answer from/g)).toHaveLength(1);
    expect(card).toContain('It is 80 CAD since May.');
  });

  it('gives quiz options and progress lines a paragraph each', () => {
    const quiz = toTeamsMessage({
      kind: 'quiz',
      text: '**Quiz** · question 1 of 2\n\nWhich is safest?\n\n**A.** Paste it all\n**B.** Remove names\n**C.** Ask a friend',
      citations: [],
      actions: [],
      aiGenerated: false,
      visibility: 'conversation',
    });
    expect(quiz.text).toBe(
      '**Quiz** · question 1 of 2\n\nWhich is safest?\n\n**A.** Paste it all\n\n**B.** Remove names\n\n**C.** Ask a friend',
    );
  });

  it('clips titles to 80, abstracts to 160 and keywords to 28 characters', () => {
    const [claim] = claims(
      answer({
        citations: [
          citation(1, { title: 'T'.repeat(200), snippet: 'S '.repeat(200), location: 'L'.repeat(50) }),
        ],
      }),
    );
    expect(claim!.appearance.name.length).toBe(80);
    expect(claim!.appearance.abstract.length).toBeLessThanOrEqual(160);
    expect(claim!.appearance.keywords[0]!.length).toBe(28);
  });

  it('links https sources as they are, prefixes relative ones with the public URL, and drops other links', () => {
    const reply = answer({
      citations: [
        citation(1, { url: 'https://contoso.sharepoint.com/sites/hr/leave.docx' }),
        citation(2, { url: '/knowledge/handbook.pdf#page=4' }),
        citation(3, { url: 'javascript:alert(1)' }),
        citation(4, { url: 'http://intranet/page' }),
      ],
    });
    expect(claims(reply, 'https://lumen.example').map((c) => c.appearance.url)).toEqual([
      'https://contoso.sharepoint.com/sites/hr/leave.docx',
      'https://lumen.example/knowledge/handbook.pdf#page=4',
      undefined,
      undefined,
    ]);
    expect(claims(reply).map((c) => c.appearance.url)[1]).toBeUndefined();
  });

  it('replaces rating buttons with the feedback loop and keeps the other actions on a card', () => {
    const message = toTeamsMessage(answer());
    expect(message.channelData).toMatchObject({ feedbackLoopEnabled: true });
    const card = message.attachments?.[0]?.content as { actions: { title: string }[] };
    expect(card.actions.map((a) => a.title)).toEqual(['Talk to a human']);
  });

  it('sends no AI label, citations or feedback loop for a plain notice', () => {
    const message = toTeamsMessage({
      kind: 'notice',
      text: 'Hello.',
      citations: [],
      actions: [],
      aiGenerated: false,
      visibility: 'conversation',
    });
    expect(message).toEqual({ type: 'message', text: 'Hello.', textFormat: 'markdown' });
  });
});

describe('toTeamsMarkdown', () => {
  it('turns single-newline lines into paragraphs, keeping list items together after a blank line', () => {
    expect(toTeamsMarkdown('✅ Prompting basics\n▶️ Spotting errors\n▫️ Data privacy')).toBe(
      '✅ Prompting basics\n\n▶️ Spotting errors\n\n▫️ Data privacy',
    );
    expect(toTeamsMarkdown('You can:\n- ask\n- follow up\n  in a thread\n1. rate\nDone.')).toBe(
      'You can:\n\n- ask\n- follow up\n  in a thread\n1. rate\n\nDone.',
    );
  });

  it('makes quoted table rows a Markdown table with its header separator row', () => {
    const text =
      'Per diem by city [1]:\nCity | Rate | Currency\nToronto | 75 | CAD\nLisbon | 60 | EUR\nKeep receipts.';
    expect(toTeamsMarkdown(text)).toBe(
      [
        'Per diem by city [1]:',
        '',
        '| City | Rate | Currency |',
        '| --- | --- | --- |',
        '| Toronto | 75 | CAD |',
        '| Lisbon | 60 | EUR |',
        '',
        'Keep receipts.',
      ].join('\n'),
    );
    // A table that already has its separator keeps one; a lone row with a pipe stays text.
    expect(toTeamsMarkdown('| a | b |\n|---|---|\n| 1 | 2 |')).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |');
    expect(toTeamsMarkdown('Use a | b here.')).toBe('Use a | b here.');
  });

  it('keeps code blocks verbatim and closes one a streamed answer left open', () => {
    expect(toTeamsMarkdown('Run:\n```\nnpm ci\nnpm test\n```\nThen wait.')).toBe(
      'Run:\n\n```\nnpm ci\nnpm test\n```\n\nThen wait.',
    );
    expect(toTeamsMarkdown('Run:\n```\nnpm ci')).toBe('Run:\n\n```\nnpm ci\n```');
  });

  it('is stable: rendering twice changes nothing', () => {
    const text = 'A\nB\n- c\n- d\nx | y\n1 | 2';
    expect(toTeamsMarkdown(toTeamsMarkdown(text))).toBe(toTeamsMarkdown(text));
  });

  it('adds the notice under the answer text', () => {
    expect(toTeamsMessage(answer({ notice: 'Only public sources were used.' })).text).toBe(
      'Claim [1].\n\n_Only public sources were used._',
    );
  });
});
