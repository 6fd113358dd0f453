import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import { minutesIn } from './fixtures.js';
import { storeBackends, useFreshStore } from './store-backends.js';

describe.each(storeBackends)('SourceSyncRepository ($name)', (backend) => {
  const { store, options } = useFreshStore(backend);

  describe('state', () => {
    it('stores, replaces and deletes a scope state as JSON', async () => {
      const sync = store().sourceSync;
      expect(await sync.getState('sharepoint:drive:1')).toBeUndefined();
      await sync.putState('sharepoint:drive:1', { deltaLink: 'https://g/delta?token=1' }, minutesIn(1));
      await sync.putState(
        'sharepoint:drive:1',
        { deltaLink: 'https://g/delta?token=2', checkpoint: { full: true } },
        minutesIn(2),
      );
      expect(await sync.getState('sharepoint:drive:1')).toEqual({
        deltaLink: 'https://g/delta?token=2',
        checkpoint: { full: true },
      });
      await sync.deleteState('sharepoint:drive:1');
      expect(await sync.getState('sharepoint:drive:1')).toBeUndefined();
    });

    it('keeps seen items per scope without duplicates, across reopening', async () => {
      await store().sourceSync.addSeen('s1', ['a', 'b']);
      await store().sourceSync.addSeen('s1', ['b', 'c', 'c']);
      await store().sourceSync.addSeen('s2', ['z']);
      const reopened = await openStore(options());
      try {
        expect((await reopened.sourceSync.listSeen('s1')).sort()).toEqual(['a', 'b', 'c']);
        await reopened.sourceSync.clearSeen('s1');
        expect(await reopened.sourceSync.listSeen('s1')).toEqual([]);
        expect(await reopened.sourceSync.listSeen('s2')).toEqual(['z']);
      } finally {
        await reopened.close();
      }
    });
  });

  describe('leases', () => {
    it('gives a lease to one holder until it is released or expires', async () => {
      const sync = store().sourceSync;
      expect(await sync.acquireLease('sync:sharepoint', 'a', minutesIn(0), 10 * 60_000)).toBe(true);
      expect(await sync.acquireLease('sync:sharepoint', 'b', minutesIn(5), 10 * 60_000)).toBe(false);
      // The holder renews its own lease.
      expect(await sync.acquireLease('sync:sharepoint', 'a', minutesIn(5), 10 * 60_000)).toBe(true);
      expect(await sync.acquireLease('sync:sharepoint', 'b', minutesIn(14), 10 * 60_000)).toBe(false);
      // Past the renewed expiry a crashed holder's lease is taken over.
      expect(await sync.acquireLease('sync:sharepoint', 'b', minutesIn(16), 10 * 60_000)).toBe(true);
      await sync.releaseLease('sync:sharepoint', 'a');
      expect(await sync.acquireLease('sync:sharepoint', 'a', minutesIn(17), 10 * 60_000)).toBe(false);
      await sync.releaseLease('sync:sharepoint', 'b');
      expect(await sync.acquireLease('sync:sharepoint', 'a', minutesIn(17), 10 * 60_000)).toBe(true);
      expect(await sync.acquireLease('sync:confluence', 'b', minutesIn(17), 10 * 60_000)).toBe(true);
    });

    it('lets exactly one of several racing replicas take a free lease', async () => {
      const replica = await openStore(options());
      try {
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 === 0 ? store() : replica).sourceSync.acquireLease(
              'sync:confluence',
              `r${i}`,
              minutesIn(1),
              60_000,
            ),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      } finally {
        await replica.close();
      }
    });
  });
});
