import { describe, expect, it } from 'vitest';
import type { CopilotCore } from '../../../src/core/create-copilot.js';
import { plainReply } from '../../../src/core/replies.js';
import type { Reply, ReplyStream } from '../../../src/core/reply.js';
import type { Turn } from '../../../src/core/turn.js';
import { paceTurns, TurnPacer } from '../../../src/core/turn-pacer.js';
import { makeTurn } from '../../helpers/builders.js';

/** Holds the thread for `ms`, as a turn answered synchronously from SQLite does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spinning on purpose
  }
}

/** Counts event-loop iterations until `done` settles, as a stand-in for accepting connections. */
async function iterationsDuring(done: Promise<unknown>): Promise<number> {
  let iterations = 0;
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  while (!finished) {
    await new Promise((resolve) => setImmediate(resolve));
    iterations++;
  }
  return iterations;
}

describe('TurnPacer', () => {
  it('starts turns in the order they arrived', async () => {
    const pacer = new TurnPacer();
    const started: number[] = [];
    await Promise.all(Array.from({ length: 50 }, (_, i) => pacer.wait().then(() => started.push(i))));
    expect(started).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(pacer.queued).toBe(0);
  });

  it('starts a lone turn in the same event-loop iteration, and queues the ones arriving right behind it', async () => {
    const pacer = new TurnPacer();
    let first = false;
    let second = false;
    void pacer.wait().then(() => {
      first = true;
    });
    void pacer.wait().then(() => {
      second = true;
    });
    await Promise.resolve();
    expect(first).toBe(true);
    expect(second).toBe(false);
    expect(pacer.queued).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(second).toBe(true);
  });

  it('spreads turns that hold the thread over many iterations, so other I/O keeps its turn', async () => {
    const pacer = new TurnPacer({ targetIterationMs: 20 });
    const turns = Promise.all(Array.from({ length: 30 }, () => pacer.wait().then(() => busy(10))));
    const iterations = await iterationsDuring(turns);
    // Unpaced, all 30 would run in one iteration (300 ms with nothing else served).
    expect(iterations).toBeGreaterThanOrEqual(12);
    expect(pacer.pace).toBeLessThanOrEqual(2);
  });

  it('starts many per iteration while turns are cheap to start', async () => {
    const pacer = new TurnPacer({ maxPerIteration: 16 });
    for (let round = 0; round < 20; round++) {
      await Promise.all(Array.from({ length: 40 }, () => pacer.wait()));
    }
    expect(pacer.pace).toBe(16);
  });

  it('hands each turn and its stream to the core and returns its reply', async () => {
    const seen: unknown[] = [];
    const reply = plainReply('answer', 'Twenty-five days.');
    const core = {
      async handle(turn: Turn, stream?: ReplyStream): Promise<Reply> {
        seen.push(turn, stream);
        return reply;
      },
    } as unknown as CopilotCore;
    const turn = makeTurn('How many days of annual leave do I get?');
    const stream: ReplyStream = { partial: () => undefined };
    expect(await paceTurns(core).handle(turn, stream)).toBe(reply);
    expect(seen).toEqual([turn, stream]);
  });
});
