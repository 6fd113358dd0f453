import { describe, expect, it } from 'vitest';
import { buildReply, minutesIn } from './fixtures.js';
import { storeBackends, useFreshStore } from './store-backends.js';

describe.each(storeBackends)('OutboxRepository ($name)', (backend) => {
  const { store } = useFreshStore(backend);

  describe('append', () => {
    it('returns the message with an increasing seq', async () => {
      const first = await store().outbox.append('web:a', buildReply('one'), minutesIn(1));
      const second = await store().outbox.append('web:a', buildReply('two'), minutesIn(2));
      expect(first).toEqual({
        seq: first.seq,
        conversationKey: 'web:a',
        reply: buildReply('one'),
        createdAt: minutesIn(1),
      });
      expect(typeof first.seq).toBe('number');
      expect(second.seq).toBeGreaterThan(first.seq);
    });
  });

  describe('after', () => {
    it('returns the conversation messages after a seq, in order', async () => {
      const a1 = await store().outbox.append('web:a', buildReply('a1'), minutesIn(1));
      await store().outbox.append('web:b', buildReply('b1'), minutesIn(2));
      const a2 = await store().outbox.append('web:a', buildReply('a2'), minutesIn(3));
      const a3 = await store().outbox.append('web:a', buildReply('a3'), minutesIn(4));

      expect(await store().outbox.after('web:a', 0)).toEqual([a1, a2, a3]);
      expect(await store().outbox.after('web:a', a1.seq)).toEqual([a2, a3]);
      expect(await store().outbox.after('web:a', a3.seq)).toEqual([]);
      expect((await store().outbox.after('web:b', 0)).map((m) => m.reply.text)).toEqual(['b1']);
    });

    it('keeps every message and their order when many are appended concurrently', async () => {
      const appended = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          store().outbox.append('web:c', buildReply(`m${i}`), minutesIn(i)),
        ),
      );
      const read = await store().outbox.after('web:c', 0);
      expect(read).toHaveLength(25);
      expect(read.map((m) => m.seq)).toEqual([...appended.map((m) => m.seq)].sort((x, y) => x - y));
      expect(new Set(read.map((m) => m.seq)).size).toBe(25);
    });
  });
});
