import { describe, expect, it } from 'vitest';
import type { TurnInProgress } from '../../../src/core/ports.js';
import { openStore } from '../../../src/store/index.js';
import { minutesIn } from './fixtures.js';
import { storeBackends, useFreshStore } from './store-backends.js';

function inProgress(turnId: string, minute: number): TurnInProgress {
  return {
    turnId,
    channel: 'teams',
    conversationKey: `teams:a:${turnId}`,
    userId: `aad-${turnId}`,
    startedAt: minutesIn(minute),
  };
}

describe.each(storeBackends)('TurnJournalRepository ($name)', (backend) => {
  const { store, options } = useFreshStore(backend);

  it('returns turns still in progress that started before the cutoff, oldest first, once', async () => {
    await store().turnJournal.begin(inProgress('t2', 2));
    await store().turnJournal.begin(inProgress('t1', 1));
    await store().turnJournal.begin(inProgress('t9', 9));
    await store().turnJournal.begin(inProgress('done', 0));
    await store().turnJournal.end('done');

    expect(await store().turnJournal.claimStartedBefore(minutesIn(5), 10)).toEqual([
      inProgress('t1', 1),
      inProgress('t2', 2),
    ]);
    expect(await store().turnJournal.claimStartedBefore(minutesIn(5), 10)).toEqual([]);
    expect(await store().turnJournal.claimStartedBefore(minutesIn(10), 10)).toEqual([inProgress('t9', 9)]);
  });

  it('claims at most the limit', async () => {
    for (let i = 0; i < 5; i++) await store().turnJournal.begin(inProgress(`t${i}`, i));
    expect((await store().turnJournal.claimStartedBefore(minutesIn(10), 2)).map((t) => t.turnId)).toEqual([
      't0',
      't1',
    ]);
  });

  it('ignores a second begin of the same turn', async () => {
    await store().turnJournal.begin(inProgress('t1', 1));
    await store().turnJournal.begin(inProgress('t1', 3));
    expect(await store().turnJournal.claimStartedBefore(minutesIn(10), 10)).toEqual([inProgress('t1', 1)]);
  });

  it('gives each turn to one of two replicas claiming at once', async () => {
    for (let i = 0; i < 200; i++) await store().turnJournal.begin(inProgress(`t${i}`, i % 50));
    const replica = await openStore(options());
    const claimUntilEmpty = async (from: typeof replica) => {
      const mine: string[] = [];
      for (;;) {
        const batch = await from.turnJournal.claimStartedBefore(minutesIn(60), 15);
        if (batch.length === 0) return mine;
        mine.push(...batch.map((t) => t.turnId));
      }
    };
    try {
      const [first, second] = await Promise.all([claimUntilEmpty(store()), claimUntilEmpty(replica)]);
      // A claim that lost every row it picked to the other replica ends its loop early.
      const rest = await claimUntilEmpty(store());
      const ids = [...first, ...second, ...rest];
      expect(ids).toHaveLength(200);
      expect(new Set(ids).size).toBe(200);
    } finally {
      await replica.close();
    }
  });
});
