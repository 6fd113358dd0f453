import { describe, expect, it } from 'vitest';
import { decodeButtonValue, type SlackPlace } from '../../../src/channels/slack/place.js';
import { AI_DISCLAIMER, QUOTED_LABEL, renderReply } from '../../../src/channels/slack/render-reply.js';
import { answerReply } from '../../../src/core/replies.js';
import type { Citation } from '../../../src/core/reply.js';

const place: SlackPlace = { teamId: 'T1', channelId: 'C1', threadTs: '1.2', kind: 'channel' };

const citation = (n: number): Citation => ({
  n,
  title: `Policy ${n}`,
  url: `/knowledge/policy-${n}.md`,
  location: `policy-${n}.md`,
  snippet: '',
  sourceSystem: 'folder',
});

type AnyBlock = {
  type: string;
  text?: { text: string };
  elements?: { action_id?: string; value?: string; text?: unknown }[];
};

describe('renderReply', () => {
  it('labels an answer that only quotes its sources as quoted, not as AI-generated', () => {
    const reply = answerReply('turn-1', 'You get 25 days [1].', [citation(1)], undefined, true);
    const text = JSON.stringify(renderReply(reply, { place, publicUrl: 'https://lumen.example.com' }));
    expect(text).toContain(QUOTED_LABEL);
    expect(text).not.toContain(AI_DISCLAIMER);
  });

  it('renders text, numbered linked sources, the AI disclaimer and the three buttons', () => {
    const reply = answerReply('turn-1', 'You get **25 days** [1].', [citation(1), citation(2)], 'A notice.');
    const [message, ...rest] = renderReply(reply, { place, publicUrl: 'https://lumen.example.com' });
    expect(rest).toHaveLength(0);
    const blocks = message!.blocks as AnyBlock[];
    expect(blocks[0]!.text!.text).toBe('You get *25 days* [1].');
    expect(blocks[1]!.text!.text).toBe(
      '*Sources*\n1. <https://lumen.example.com/knowledge/policy-1.md|Policy 1> · policy-1.md\n2. <https://lumen.example.com/knowledge/policy-2.md|Policy 2> · policy-2.md',
    );
    expect(JSON.stringify(blocks)).toContain('A notice.');
    expect(JSON.stringify(blocks)).toContain(AI_DISCLAIMER);
    const actions = blocks.at(-1)!;
    expect(actions.type).toBe('actions');
    expect(actions.elements!.map((e) => e.action_id)).toEqual([
      'lumen_feedback_helpful',
      'lumen_feedback_not_helpful',
      'lumen_escalate',
    ]);
    expect(decodeButtonValue(actions.elements![1]!.value)).toEqual({
      action: { name: 'feedback', turnId: 'turn-1', rating: 'not_helpful' },
      place,
    });
    expect(message!.text).toBe('You get *25 days* [1].');
  });

  it('splits a very long answer over several messages, buttons on the last, none over 50 blocks', () => {
    const paragraph = 'A sentence about leave. '.repeat(100).trim();
    const reply = answerReply('t', Array.from({ length: 80 }, () => paragraph).join('\n\n'), [citation(1)]);
    const messages = renderReply(reply, { place });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(50);
      for (const b of m.blocks as AnyBlock[])
        if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    }
    expect((messages.at(-1)!.blocks as AnyBlock[]).at(-1)!.type).toBe('actions');
    expect(
      messages.slice(0, -1).every((m) => !(m.blocks as AnyBlock[]).some((b) => b.type === 'actions')),
    ).toBe(true);
  });

  it('restates the question first when asked to', () => {
    const reply = answerReply('t', 'Answer [1].', [citation(1)]);
    const [message] = renderReply(reply, { place, question: 'How <many> days?' });
    expect(JSON.stringify(message!.blocks[0])).toContain('*You asked:* How &lt;many&gt; days?');
  });
});
