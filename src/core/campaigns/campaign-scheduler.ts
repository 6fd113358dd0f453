import { describeError } from '../errors.js';
import type { Logger } from '../ports.js';
import type { CampaignRunner } from './campaign-runner.js';

/** Runs due campaign deliveries every `intervalMs`, one run at a time, until stopped. */
export class CampaignScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();

  constructor(
    private readonly runner: CampaignRunner,
    private readonly log: Logger,
    private readonly intervalMs = 60_000,
  ) {}

  start(): void {
    const tick = () => {
      this.running = this.runner
        .runDue(this.abort.signal)
        .then((summary) => {
          if (summary.sent + summary.failed > 0) this.log.info('campaign nudges delivered', { ...summary });
        })
        .catch((error: unknown) =>
          this.log.error('campaign delivery failed', { error: describeError(error) }),
        )
        .finally(() => {
          if (!this.abort.signal.aborted) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops scheduling and waits for the run in progress to settle its current sends. */
  async stop(): Promise<void> {
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
