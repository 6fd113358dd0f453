import { describeError } from '../errors.js';
import type { LessonCatalog } from '../lessons/lesson-catalog.js';
import type { Clock, Logger, Messenger, Store } from '../ports.js';
import { silentLogger } from '../ports.js';
import type { ChannelKind } from '../turn.js';
import type { Campaign, CampaignRecipient } from './campaign.js';
import { isTimeZone, nextDeliveryTime } from './local-time.js';
import { nudgeReply } from './nudge-reply.js';
import { Pacer, RateLimitedError, realTimer, type Timer } from './pacer.js';

const MINUTE = 60_000;

/** 429s in a row for one message before it counts as a failed attempt. */
const MAX_RATE_LIMITED = 10;

const stepKey = (r: CampaignRecipient) => `${r.campaignId}:${r.userId}:${r.step}`;
const DAY = 24 * 60 * MINUTE;

/** How delivery runs: pace, parallelism, retries. */
export interface RunnerOptions {
  /** Messages per second across all recipients of a channel: the platform's limit for the app. */
  perSecond: number;
  /** A different limit for some channels, e.g. `{ teams: 50 }`; each channel is paced on its own. */
  perChannel?: Partial<Record<string, number>>;
  /** Sends that may go at once to catch up after the process was busy; 1 keeps strict spacing. */
  burst: number;
  /** Deliveries in flight at once, to hide the platform's latency. */
  concurrency: number;
  /** Attempts before a recipient is reported as failed. */
  maxAttempts: number;
  /** How long a claimed recipient stays reserved; after that another run may take it over. */
  leaseMs: number;
  batchSize: number;
}

export const DEFAULT_RUNNER_OPTIONS: RunnerOptions = {
  perSecond: 20,
  burst: 1,
  concurrency: 8,
  maxAttempts: 3,
  leaseMs: 5 * MINUTE,
  batchSize: 500,
};

/** What one run did. */
export interface RunSummary {
  sent: number;
  /** Opted out, already started or completed, or the campaign's lesson is gone. */
  skipped: number;
  /** Moved to a later time: outside the window, quiet hours, weekend, pause, frequency cap. */
  deferred: number;
  retried: number;
  failed: number;
  rateLimited: number;
}

/**
 * Delivers due campaign nudges. Every step is persisted per recipient: a recipient is claimed
 * (with a lease) before the send and settled after it, so a restart resumes where the last run
 * stopped. A send cut off by a crash is retried after its lease with the same delivery key, which
 * channels use to drop a repeat.
 */
export class CampaignRunner {
  private readonly options: RunnerOptions;
  private readonly pacers = new Map<string, Pacer>();
  private readonly campaigns = new Map<string, Campaign | undefined>();
  /** One nudge decision per person at a time, so concurrent sends cannot both pass a frequency cap. */
  private readonly userLocks = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: {
      store: Store;
      messenger: Messenger;
      lessons: LessonCatalog;
      clock: Clock;
      timer?: Timer;
      log?: Logger;
    },
    options: Partial<RunnerOptions> = {},
  ) {
    this.options = { ...DEFAULT_RUNNER_OPTIONS, ...options };
  }

  private pacer(channel: string): Pacer {
    let pacer = this.pacers.get(channel);
    if (!pacer) {
      pacer = new Pacer(
        this.options.perChannel?.[channel] ?? this.options.perSecond,
        this.deps.timer ?? realTimer,
      );
      this.pacers.set(channel, pacer);
    }
    return pacer;
  }

  /**
   * Delivers everything due now until nothing is due or `signal` aborts. Each channel drains
   * on its own workers and pace, so a slow platform never holds back a fast one.
   */
  async runDue(signal?: AbortSignal): Promise<RunSummary> {
    const summary: RunSummary = { sent: 0, skipped: 0, deferred: 0, retried: 0, failed: 0, rateLimited: 0 };
    this.campaigns.clear();
    // Recipient steps taken in this run; a later query may still list them until they settle.
    const seen = new Set<string>();
    while (!signal?.aborted) {
      const due = await this.deps.store.campaigns.due(this.deps.clock.now(), this.options.batchSize);
      const channels = new Set(due.filter((r) => !seen.has(stepKey(r))).map((r) => r.channel));
      if (channels.size === 0) break;
      await Promise.all([...channels].map((channel) => this.drain(channel, seen, summary, signal)));
    }
    if (!signal?.aborted) await this.finishSettled();
    return summary;
  }

  /** Marks campaigns of this run finished once no recipient is waiting for a nudge. */
  private async finishSettled(): Promise<void> {
    for (const id of this.campaigns.keys()) {
      // Read afresh: the campaign may have been cancelled during the run.
      if ((await this.deps.store.campaigns.get(id))?.status !== 'active') continue;
      if ((await this.deps.store.campaigns.countWaiting(id)) === 0) {
        await this.deps.store.campaigns.setStatus(id, 'finished');
      }
    }
  }

  /** Works through one channel's due recipients from a queue refilled before it runs dry. */
  private async drain(channel: string, seen: Set<string>, summary: RunSummary, signal?: AbortSignal) {
    const queue: CampaignRecipient[] = [];
    let exhausted = false;
    let fetching: Promise<void> | undefined;
    const refill = (): Promise<void> => {
      fetching ??= this.deps.store.campaigns
        .due(this.deps.clock.now(), this.options.batchSize, channel)
        .then((due) => {
          const fresh = due.filter((r) => !seen.has(stepKey(r)));
          if (fresh.length === 0) exhausted = true;
          for (const r of fresh) {
            seen.add(stepKey(r));
            queue.push(r);
          }
        })
        .finally(() => {
          fetching = undefined;
        });
      return fetching;
    };
    const take = async (): Promise<CampaignRecipient | undefined> => {
      for (;;) {
        if (signal?.aborted) return undefined;
        if (queue.length <= this.options.concurrency && !exhausted) void refill().catch(() => {});
        const next = queue.shift();
        if (next) return next;
        if (exhausted && !fetching) return undefined;
        await refill();
      }
    };
    const worker = async () => {
      for (let r = await take(); r; r = await take()) {
        const recipient = r;
        await this.forUser(recipient.userId, () => this.process(recipient, summary));
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, worker));
  }

  private async forUser(userId: string, run: () => Promise<void>): Promise<void> {
    const previous = this.userLocks.get(userId) ?? Promise.resolve();
    const current = previous.then(run);
    const settled = current.catch(() => {});
    this.userLocks.set(userId, settled);
    try {
      await current;
    } finally {
      if (this.userLocks.get(userId) === settled) this.userLocks.delete(userId);
    }
  }

  private async campaign(id: string): Promise<Campaign | undefined> {
    if (!this.campaigns.has(id)) this.campaigns.set(id, await this.deps.store.campaigns.get(id));
    return this.campaigns.get(id);
  }

  private async process(r: CampaignRecipient, summary: RunSummary): Promise<void> {
    const { store, clock } = this.deps;
    const campaign = await this.campaign(r.campaignId);
    if (campaign?.status !== 'active') return;
    const now = clock.now();
    const lesson = campaign.lessonId ? this.deps.lessons.get(campaign.lessonId) : undefined;
    const settle = (changes: Partial<CampaignRecipient>) =>
      store.campaigns.updateRecipient(r.campaignId, r.userId, changes);

    if (campaign.lessonId && !lesson) {
      summary.skipped++;
      return settle({ state: 'skipped', error: `lesson ${campaign.lessonId} no longer exists` });
    }
    const controls = await store.lessons.getControls(r.userId);
    if (controls.optedOut) {
      summary.skipped++;
      return settle({ state: 'skipped', error: 'opted out' });
    }
    if (lesson) {
      const progress = await store.lessons.getProgress(r.userId, lesson.id);
      // The first nudge is pointless once the lesson is done; reminders stop once it is started.
      if (progress && (r.step > 0 || progress.step === 'completed')) {
        summary.skipped++;
        return settle({ state: 'done', ...(r.step === 0 ? { error: 'already completed' } : {}) });
      }
    }
    const earliest = await this.earliestAllowed(r, campaign, now, controls.pausedUntil);
    if (earliest === undefined) {
      summary.skipped++;
      return settle({ state: 'skipped', error: 'the delivery window is empty' });
    }
    if (earliest > now) {
      summary.deferred++;
      return settle({ state: 'pending', nextAt: earliest, leaseUntil: undefined });
    }
    const claimed = await store.campaigns.claim(r, now, new Date(now.getTime() + this.options.leaseMs));
    if (!claimed) return;
    await this.send(r, campaign, lesson, summary);
  }

  /** The earliest time this recipient may get a nudge: window, quiet hours, weekends, pause and caps. */
  private async earliestAllowed(r: CampaignRecipient, campaign: Campaign, now: Date, pausedUntil?: Date) {
    let from = now;
    if (pausedUntil && pausedUntil > from) from = pausedUntil;
    if (campaign.lessonId) {
      const week = await this.deps.store.campaigns.nudgesSince(r.userId, new Date(now.getTime() - 7 * DAY));
      const today = week.filter((t) => t.getTime() > now.getTime() - DAY);
      if (today.length >= campaign.caps.perDay) {
        const freeAt = new Date(today[today.length - campaign.caps.perDay]!.getTime() + DAY);
        if (freeAt > from) from = freeAt;
      }
      if (week.length >= campaign.caps.perWeek) {
        const freeAt = new Date(week[week.length - campaign.caps.perWeek]!.getTime() + 7 * DAY);
        if (freeAt > from) from = freeAt;
      }
    }
    const zone = r.timeZone && isTimeZone(r.timeZone) ? r.timeZone : 'UTC';
    return nextDeliveryTime(from, zone, campaign.window);
  }

  private async send(
    r: CampaignRecipient,
    campaign: Campaign,
    lesson: ReturnType<LessonCatalog['get']>,
    summary: RunSummary,
  ): Promise<void> {
    const { store, messenger, clock } = this.deps;
    const target = {
      channel: r.channel as ChannelKind,
      conversationKey: r.conversationKey,
      userId: r.userId,
      deliveryKey: `${r.campaignId}:${r.userId}:${r.step}`,
    };
    const reply = nudgeReply(campaign, lesson, r.step);
    const pacer = this.pacer(r.channel);
    for (let limited = 0; ; ) {
      await pacer.acquire();
      try {
        await messenger.deliver(target, reply);
        break;
      } catch (error) {
        // A 429 is not the recipient's fault: wait as told and retry, unless it never lets up.
        if (error instanceof RateLimitedError && ++limited <= MAX_RATE_LIMITED) {
          summary.rateLimited++;
          pacer.backOff(error.retryAfterMs);
          continue;
        }
        const attempts = r.attempts + 1;
        const message = describeError(error);
        if (attempts >= this.options.maxAttempts) {
          summary.failed++;
          (this.deps.log ?? silentLogger).warn('nudge failed', {
            campaignId: r.campaignId,
            userId: r.userId,
            error: message,
          });
          await store.campaigns.updateRecipient(r.campaignId, r.userId, {
            state: 'failed',
            attempts,
            error: message,
            leaseUntil: undefined,
          });
        } else {
          summary.retried++;
          await store.campaigns.updateRecipient(r.campaignId, r.userId, {
            state: 'pending',
            attempts,
            error: message,
            nextAt: new Date(clock.now().getTime() + 30_000 * 2 ** (attempts - 1)),
            leaseUntil: undefined,
          });
        }
        return;
      }
    }
    const sentAt = clock.now();
    const more = lesson !== undefined && r.step < campaign.reminders.length;
    await store.campaigns.settleSent(
      r.campaignId,
      r.userId,
      {
        state: more ? 'pending' : 'done',
        step: r.step + 1,
        attempts: 0,
        sentCount: r.sentCount + 1,
        lastSentAt: sentAt,
        leaseUntil: undefined,
        error: undefined,
        nextAt: more ? new Date(sentAt.getTime() + campaign.reminders[r.step]! * MINUTE) : sentAt,
      },
      lesson ? sentAt : undefined,
    );
    summary.sent++;
  }
}
