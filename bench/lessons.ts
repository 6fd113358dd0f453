import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_IN_LESSONS_DIR } from '../src/config/index.js';
import { CampaignDesk } from '../src/core/campaigns/campaign-desk.js';
import { CampaignRunner } from '../src/core/campaigns/campaign-runner.js';
import { realTimer } from '../src/core/campaigns/pacer.js';
import { loadLessonCatalog } from '../src/core/lessons/lesson-catalog.js';
import { systemClock } from '../src/core/ports.js';
import { openStore } from '../src/store/index.js';
import { RateLimitedPlatform } from '../test/helpers/rate-limited-platform.js';
import { heading, report } from './stats.js';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const TIME_ZONES = [
  'UTC',
  'Europe/Lisbon',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Tokyo',
  'Australia/Sydney',
];

/**
 * Delivers one lesson campaign to RECIPIENTS people through a platform stand-in that allows
 * RATE messages per second (a burst of a tenth of a second's worth) and answers 429 beyond it, with
 * LATENCY_MS per call. Halfway through, the runner is stopped and a new one on a reopened store
 * resumes, as after a deploy. Reports the time against the limit's minimum, 429s, repeats and losses.
 */
export async function benchLessons(): Promise<void> {
  heading(`Campaign delivery: ${RECIPIENTS} recipients, platform limit ${RATE}/s, ${LATENCY_MS} ms per call`);
  const dir = mkdtempSync(join(tmpdir(), 'lumen-bench-lessons-'));
  const sqlitePath = join(dir, 'lumen.db');
  const lessons = loadLessonCatalog([BUILT_IN_LESSONS_DIR]);
  const platform = new RateLimitedPlatform(RATE, realTimer, Math.max(1, RATE / 10), LATENCY_MS);
  try {
    let store = await openStore({ sqlitePath });
    const seeded = performance.now();
    for (let i = 0; i < RECIPIENTS; i++) {
      await store.lessons.saveLearner({
        userId: `user-${i}`,
        channel: 'web',
        conversationKey: `web::dm-${i}:`,
        groups: [],
        timeZone: TIME_ZONES[i % TIME_ZONES.length]!,
        lastSeenAt: systemClock.now(),
      });
    }
    report('seed learners', `${((performance.now() - seeded) / 1000).toFixed(1)} s`);

    const desk = new CampaignDesk(store, lessons, platform, systemClock);
    const created = performance.now();
    const { campaign, targeted } = await desk.create({
      name: 'Bench week',
      lessonId: 'hallucinations',
      audience: 'everyone',
      // Open around the clock so every time zone is due now and the limit is what bounds the run.
      window: { start: 0, end: 24 * 60, quietStart: 0, quietEnd: 0, skipWeekends: false },
      reminders: [],
      createdBy: 'bench',
    });
    report('create campaign (targeting + recipients)', `${(performance.now() - created).toFixed(0)} ms`);

    // Catch-up bursts stay at half the platform's allowance.
    const options = {
      perSecond: RATE,
      burst: Math.max(1, Math.floor(RATE / 20)),
      concurrency: Math.max(8, Math.ceil((RATE * LATENCY_MS) / 1000) * 4),
    };
    const started = performance.now();
    const half = new AbortController();
    let abortedAt = 0;
    const stopAtHalf = setInterval(() => {
      if (platform.received.length >= RECIPIENTS / 2 && !half.signal.aborted) {
        abortedAt = performance.now();
        half.abort();
      }
    }, 5);
    const first = await new CampaignRunner(
      { store, messenger: platform, lessons, clock: systemClock },
      options,
    ).runDue(half.signal);
    clearInterval(stopAtHalf);
    await store.close();
    store = await openStore({ sqlitePath });
    const restartMs = performance.now() - abortedAt;
    const second = await new CampaignRunner(
      { store, messenger: platform, lessons, clock: systemClock },
      options,
    ).runDue();
    const seconds = (performance.now() - started) / 1000;

    const minimum = (RECIPIENTS - Math.max(1, RATE / 10)) / RATE;
    const perUser = platform.perUser();
    const recipients = await store.campaigns.recipients(campaign.id);
    await store.close();
    const lost = RECIPIENTS - perUser.size;
    const duplicates = [...perUser.values()].filter((n) => n > 1).length;
    report('targeted', String(targeted));
    report('sent before / after the restart', `${first.sent} / ${second.sent}`);
    report('restart: drain, close, reopen', `${restartMs.toFixed(0)} ms`);
    report('total delivery time', `${seconds.toFixed(2)} s`);
    report('theoretical minimum at the limit', `${minimum.toFixed(2)} s`);
    report('over the minimum', `${(((seconds - minimum) / minimum) * 100).toFixed(1)} %`);
    report('throughput', `${(RECIPIENTS / seconds).toFixed(0)} messages/s`);
    report('429 answers from the platform', String(platform.rejected));
    report('duplicates seen by recipients', String(duplicates));
    report('repeats offered under one key', String(platform.repeatsDropped));
    report('losses (recipients never reached)', String(lost));
    report('recipients recorded done', String(recipients.filter((r) => r.state === 'done').length));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchLessons();
