import { describe, expect, it } from 'vitest';
import { Pacer } from '../../../src/core/campaigns/pacer.js';
import { VirtualTimer } from '../../helpers/rate-limited-platform.js';

async function sendTimes(pacer: Pacer, timer: VirtualTimer, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    await pacer.acquire();
    times.push(timer.now());
  }
  return times;
}

describe('Pacer', () => {
  describe('acquire', () => {
    it('spaces sends evenly at the rate', async () => {
      const timer = new VirtualTimer();
      expect(await sendTimes(new Pacer(4, timer), timer, 5)).toEqual([0, 250, 500, 750, 1000]);
    });

    it('shares one schedule between concurrent senders', async () => {
      const timer = new VirtualTimer();
      const pacer = new Pacer(10, timer);
      const times: number[] = [];
      await Promise.all(
        Array.from({ length: 3 }, async () => {
          for (let i = 0; i < 3; i++) {
            await pacer.acquire();
            times.push(timer.now());
          }
        }),
      );
      expect(times.sort((a, b) => a - b)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800]);
    });

    it('catches up at most `burst` missed slots after the process was busy', async () => {
      const timer = new VirtualTimer();
      const pacer = new Pacer(10, timer, 3);
      await pacer.acquire();
      await timer.sleep(1_000);
      const times = await sendTimes(pacer, timer, 5);
      // Three go at once (two slots caught up plus the current one), then the rate holds.
      expect(times).toEqual([1_000, 1_000, 1_000, 1_100, 1_200]);
    });
  });

  describe('backOff', () => {
    it('holds every sender until the platform says to retry', async () => {
      const timer = new VirtualTimer();
      const pacer = new Pacer(10, timer);
      await pacer.acquire();
      pacer.backOff(2_000);
      expect(await sendTimes(pacer, timer, 2)).toEqual([2_000, 2_100]);
    });
  });
});
