import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import { minutesIn } from './fixtures.js';
import { storeBackends, useFreshStore } from './store-backends.js';

describe.each(storeBackends)('ProcessedEventRepository ($name)', (backend) => {
  const { store, options } = useFreshStore(backend);

  describe('claim', () => {
    it('returns true for a new key and false when the key is claimed again', async () => {
      expect(await store().processedEvents.claim('slack:Ev1', minutesIn(1))).toBe(true);
      expect(await store().processedEvents.claim('slack:Ev1', minutesIn(2))).toBe(false);
      expect(await store().processedEvents.claim('slack:Ev2', minutesIn(3))).toBe(true);
    });

    it('gives exactly one of 20 concurrent claims of one key true', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store().processedEvents.claim('teams:act-42', minutesIn(1))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('gives exactly one true when two stores on the same database race for a key', async () => {
      const replica = await openStore(options());
      try {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 === 0 ? store() : replica).processedEvents.claim('slack:Ev-race', minutesIn(1)),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      } finally {
        await replica.close();
      }
    });
  });
});
