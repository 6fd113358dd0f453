import { describe, expect, it } from 'vitest';
import { toTeamsMessage } from '../../../src/channels/teams/render.js';
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
  it('keeps at most 20 citations, as Teams rejects more', () => {
    const many = Array.from({ length: 25 }, (_, i) => citation(i + 1));
    expect(claims(answer({ citations: many })).map((c) => c.position)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
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

  it('adds the notice under the answer text', () => {
    expect(toTeamsMessage(answer({ notice: 'Only public sources were used.' })).text).toBe(
      'Claim [1].\n\n_Only public sources were used._',
    );
  });
});
