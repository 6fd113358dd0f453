import type { CopilotCore } from './create-copilot.js';
import type { Reply, ReplyStream } from './reply.js';
import type { Turn } from './turn.js';

export interface PacerOptions {
  /** The event-loop iteration time the pacer aims to stay under while turns wait. */
  targetIterationMs?: number;
  /** The most turns started in one iteration. */
  maxPerIteration?: number;
}

/**
 * Starts turns in the order they arrive, a few per event-loop iteration.
 *
 * Node accepts one new connection per event-loop iteration. A burst of turns that all run
 * in one iteration (SQLite answers synchronously, so a turn rarely yields) stretches that
 * iteration to seconds, and people on new connections wait in the accept queue while
 * those on open connections are served. Starting only as many turns per iteration as keep
 * it near `targetIterationMs` (fewer when iterations run long, more when they are short)
 * keeps new connections flowing and serves everyone first come, first served. Turns that
 * wait on I/O (PostgreSQL, Azure) cost little to start, so the pace rises to the cap.
 */
export class TurnPacer {
  private readonly waiting: (() => void)[] = [];
  private readonly targetMs: number;
  private readonly maxPerIteration: number;
  private perIteration: number;
  private scheduled = false;
  /** A turn started without waiting in this event-loop iteration. */
  private startedAtOnce = false;
  /** When the last start ran while turns were still waiting: the next run measures the iteration since. */
  private busySince: number | undefined;

  constructor(options: PacerOptions = {}) {
    this.targetMs = options.targetIterationMs ?? 20;
    this.maxPerIteration = options.maxPerIteration ?? 64;
    this.perIteration = Math.min(8, this.maxPerIteration);
  }

  /** Resolves when it is this caller's turn to start: at once when no other turn waits or has just started. */
  wait(): Promise<void> {
    if (this.waiting.length === 0 && !this.scheduled && !this.startedAtOnce) {
      // A lone turn starts in this iteration; a burst behind it is spread as usual.
      this.startedAtOnce = true;
      setImmediate(() => {
        this.startedAtOnce = false;
      });
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  /** How many turns are waiting to start. */
  get queued(): number {
    return this.waiting.length;
  }

  /** How many waiting turns the next iteration may start. */
  get pace(): number {
    return this.perIteration;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.startSome());
  }

  private startSome(): void {
    this.scheduled = false;
    const now = performance.now();
    if (this.busySince !== undefined) {
      // Additive increase while iterations stay short, halving when they run long.
      const iterationMs = now - this.busySince;
      this.perIteration =
        iterationMs > this.targetMs
          ? Math.max(1, Math.floor(this.perIteration / 2))
          : Math.min(this.maxPerIteration, this.perIteration + 1);
    }
    for (const start of this.waiting.splice(0, this.perIteration)) start();
    this.busySince = this.waiting.length > 0 ? now : undefined;
    if (this.waiting.length > 0) this.schedule();
  }
}

/** The core with every turn started through `pacer`, in arrival order. */
export function paceTurns(core: CopilotCore, pacer = new TurnPacer()): CopilotCore {
  return {
    ...core,
    async handle(turn: Turn, stream?: ReplyStream): Promise<Reply> {
      await pacer.wait();
      return core.handle(turn, stream);
    },
  };
}
