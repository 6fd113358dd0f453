import { describe, expect, it } from 'vitest';
import { buildTurn, minutesIn } from './fixtures.js';
import { storeBackends, useFreshStore } from './store-backends.js';

describe.each(storeBackends)('TurnRepository ($name)', (backend) => {
  const { store } = useFreshStore(backend);

  describe('insert and get', () => {
    it('returns the turn exactly as inserted', async () => {
      const turn = buildTurn();
      await store().turns.insert(turn);
      expect(await store().turns.get(turn.id)).toEqual(turn);
    });

    it('keeps optional fields absent when they were not set', async () => {
      const turn = buildTurn({ abstained: true, citations: [] });
      delete turn.userName;
      delete turn.promptTokens;
      delete turn.completionTokens;
      await store().turns.insert(turn);
      const stored = await store().turns.get(turn.id);
      expect(stored).toEqual(turn);
      expect(stored).not.toHaveProperty('userName');
      expect(stored?.abstained).toBe(true);
    });

    it('stores timings measured to a fraction of a millisecond, rounded', async () => {
      const turn = buildTurn({ retrievalMs: 4.2, generationMs: 0.6, latencyMs: 12.5 });
      await store().turns.insert(turn);
      expect(await store().turns.get(turn.id)).toMatchObject({
        retrievalMs: 4,
        generationMs: 1,
        latencyMs: 13,
      });
    });

    it('returns undefined when the id is unknown', async () => {
      expect(await store().turns.get('missing')).toBeUndefined();
    });

    it('rejects a second turn with the same id', async () => {
      const turn = buildTurn();
      await store().turns.insert(turn);
      await expect(store().turns.insert(turn)).rejects.toThrow();
    });
  });

  describe('recent', () => {
    it('returns the latest turns of the conversation, oldest first', async () => {
      for (let i = 0; i < 5; i++) {
        await store().turns.insert(buildTurn({ id: `t${i}`, createdAt: minutesIn(i) }));
      }
      await store().turns.insert(
        buildTurn({ id: 'other', conversationKey: 'web:other', createdAt: minutesIn(9) }),
      );
      const recent = await store().turns.recent('web:conv-1', 3);
      expect(recent.map((t) => t.id)).toEqual(['t2', 't3', 't4']);
    });

    it('returns nothing when the limit is zero or the conversation is unknown', async () => {
      await store().turns.insert(buildTurn());
      expect(await store().turns.recent('web:conv-1', 0)).toEqual([]);
      expect(await store().turns.recent('web:none', 5)).toEqual([]);
    });
  });

  describe('list', () => {
    it('filters by date range (since inclusive, until exclusive), newest first', async () => {
      for (let i = 0; i < 6; i++) {
        await store().turns.insert(buildTurn({ id: `t${i}`, createdAt: minutesIn(i * 10) }));
      }
      const listed = await store().turns.list({ since: minutesIn(10), until: minutesIn(40) });
      expect(listed.map((t) => t.id)).toEqual(['t3', 't2', 't1']);
      expect((await store().turns.list({ since: minutesIn(45) })).map((t) => t.id)).toEqual(['t5']);
      expect((await store().turns.list({ until: minutesIn(10) })).map((t) => t.id)).toEqual(['t0']);
    });

    it('returns the newest `limit` turns when a limit is given', async () => {
      for (let i = 0; i < 4; i++) {
        await store().turns.insert(buildTurn({ id: `t${i}`, createdAt: minutesIn(i) }));
      }
      expect((await store().turns.list({ limit: 2 })).map((t) => t.id)).toEqual(['t3', 't2']);
    });
  });
});
