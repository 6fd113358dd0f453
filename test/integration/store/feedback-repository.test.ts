import { describe, expect, it } from 'vitest';
import { buildFeedback, buildTurn, minutesIn } from './fixtures.js';
import { storeBackends, useFreshStore } from './store-backends.js';

describe.each(storeBackends)('FeedbackRepository ($name)', (backend) => {
  const { store } = useFreshStore(backend);

  describe('upsert', () => {
    it('inserts new feedback and returns the stored record', async () => {
      const turn = buildTurn();
      await store().turns.insert(turn);
      const feedback = buildFeedback(turn, {
        rating: 'not_helpful',
        reason: 'outdated',
        comment: 'old policy',
      });
      expect(await store().feedback.upsert(feedback)).toEqual(feedback);
    });

    it('updates the single row for the same turn and user, keeping the first id and createdAt', async () => {
      const turn = buildTurn();
      await store().turns.insert(turn);
      const first = buildFeedback(turn, {
        rating: 'not_helpful',
        createdAt: minutesIn(1),
        updatedAt: minutesIn(1),
      });
      await store().feedback.upsert(first);
      const second = await store().feedback.upsert(
        buildFeedback(turn, {
          rating: 'not_helpful',
          reason: 'incorrect',
          comment: 'wrong number',
          createdAt: minutesIn(2),
          updatedAt: minutesIn(2),
        }),
      );
      expect(second).toEqual({
        ...first,
        reason: 'incorrect',
        comment: 'wrong number',
        updatedAt: minutesIn(2),
      });

      const third = await store().feedback.upsert(
        buildFeedback(turn, { rating: 'helpful', createdAt: minutesIn(3), updatedAt: minutesIn(3) }),
      );
      expect(third).toEqual({ ...first, rating: 'helpful', updatedAt: minutesIn(3) });
      expect(third).not.toHaveProperty('reason');

      const all = await store().feedback.list({});
      expect(all).toHaveLength(1);
      expect(all[0]?.id).toBe(first.id);
    });

    it('keeps one row per user when several people rate the same turn', async () => {
      const turn = buildTurn();
      await store().turns.insert(turn);
      await store().feedback.upsert(buildFeedback(turn, { userId: 'a' }));
      await store().feedback.upsert(buildFeedback(turn, { userId: 'b', rating: 'not_helpful' }));
      await store().feedback.upsert(buildFeedback(turn, { userId: 'a', rating: 'not_helpful' }));
      const ratings = (await store().feedback.list({})).map((f) => `${f.userId}:${f.rating}`).sort();
      expect(ratings).toEqual(['a:not_helpful', 'b:not_helpful']);
    });

    it('keeps one row when the same feedback arrives concurrently', async () => {
      const turn = buildTurn();
      await store().turns.insert(turn);
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store().feedback.upsert(buildFeedback(turn, { comment: `c${i}`, updatedAt: minutesIn(i) })),
        ),
      );
      expect(await store().feedback.list({})).toHaveLength(1);
    });
  });

  describe('list', () => {
    it('joins each feedback with the turn it rates', async () => {
      const turn = buildTurn();
      await store().turns.insert(turn);
      const feedback = buildFeedback(turn, { userId: 'reviewer', channel: 'teams' });
      await store().feedback.upsert(feedback);
      expect(await store().feedback.list({})).toEqual([{ ...feedback, turn }]);
    });

    it('filters by when the feedback was given, newest first, with a limit', async () => {
      const turn = buildTurn();
      await store().turns.insert(turn);
      for (let i = 0; i < 5; i++) {
        await store().feedback.upsert(
          buildFeedback(turn, {
            userId: `u${i}`,
            createdAt: minutesIn(i * 10),
            updatedAt: minutesIn(i * 10),
          }),
        );
      }
      const inRange = await store().feedback.list({ since: minutesIn(10), until: minutesIn(40) });
      expect(inRange.map((f) => f.userId)).toEqual(['u3', 'u2', 'u1']);
      const limited = await store().feedback.list({ limit: 2 });
      expect(limited.map((f) => f.userId)).toEqual(['u4', 'u3']);
    });
  });
});
