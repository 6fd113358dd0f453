import { describe, expect, it } from 'vitest';
import { OutboxMessenger } from '../../../src/channels/outbox-messenger.js';
import { BUILT_IN_LESSONS_DIR } from '../../../src/config/index.js';
import { CampaignDesk } from '../../../src/core/campaigns/campaign-desk.js';
import { CampaignRunner } from '../../../src/core/campaigns/campaign-runner.js';
import { loadLessonCatalog } from '../../../src/core/lessons/lesson-catalog.js';
import type { Messenger, Store } from '../../../src/core/ports.js';
import { openStore } from '../../../src/store/index.js';
import { ManualClock } from '../../helpers/builders.js';
import { RateLimitedPlatform, VirtualTimer } from '../../helpers/rate-limited-platform.js';
import { storeBackends } from '../store/store-backends.js';

const lessons = loadLessonCatalog([BUILT_IN_LESSONS_DIR]);
const RECIPIENTS = 40;

/** A store whose every campaign and lesson call fails once `dead` is set, as in a killed process. */
function mortal(store: Store, state: { dead: boolean }): Store {
  const guard = <T extends object>(repo: T): T =>
    new Proxy(repo, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (state.dead) return Promise.reject(new Error('the process died'));
          return value.apply(target, args);
        };
      },
    });
  return { ...store, campaigns: guard(store.campaigns), lessons: guard(store.lessons) };
}

/** RECIPIENTS web learners, u00 to u39, each in a direct conversation. */
async function enrolLearners(store: Store, clock: ManualClock): Promise<void> {
  for (let i = 0; i < RECIPIENTS; i++) {
    await store.lessons.saveLearner({
      userId: `u${String(i).padStart(2, '0')}`,
      channel: 'web',
      conversationKey: `web::dm-${i}:`,
      groups: [],
      lastSeenAt: clock.now(),
    });
  }
}

describe.each(storeBackends)('campaign delivery across a crash ($name)', (backend) => {
  it('resumes after a restart with every recipient reached once: no duplicates, no gaps', async () => {
    const location = await backend.createLocation();
    const clock = new ManualClock();
    const timer = new VirtualTimer();
    const platform = new RateLimitedPlatform(1000, timer, 10);

    const first = await openStore(location);
    await enrolLearners(first, clock);
    const desk = new CampaignDesk(first, lessons, platform, clock);
    const { campaign } = await desk.create({
      name: 'Safety week',
      lessonId: 'hallucinations',
      audience: 'everyone',
      reminders: [],
      createdBy: 'L&D',
    });

    // The process dies right after the platform accepted the 17th message, before recording it.
    const state = { dead: false };
    let accepted = 0;
    const dying: Messenger = {
      async deliver(target, reply) {
        if (state.dead) throw new Error('the process died');
        await platform.deliver(target, reply);
        if (++accepted === 17) {
          state.dead = true;
          throw new Error('the process died');
        }
      },
    };
    const crashed = new CampaignRunner(
      { store: mortal(first, state), messenger: dying, lessons, clock, timer },
      { perSecond: 1000, concurrency: 4 },
    );
    await expect(crashed.runDue()).rejects.toThrow('the process died');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await first.close();
    expect(platform.received).toHaveLength(17);

    // A new process opens the same database after the crashed run's leases ran out.
    clock.advance(6 * 60_000);
    const second = await openStore(location);
    try {
      const resumed = new CampaignRunner(
        { store: second, messenger: platform, lessons, clock, timer },
        { perSecond: 1000, concurrency: 4 },
      );
      const summary = await resumed.runDue();
      expect(summary.failed).toBe(0);

      const perUser = platform.perUser();
      expect(perUser.size).toBe(RECIPIENTS);
      expect([...perUser.values()].every((n) => n === 1)).toBe(true);
      expect(platform.received).toHaveLength(RECIPIENTS);
      // Only the message cut off by the crash is offered again, under the same key, and dropped.
      expect(platform.repeatsDropped).toBe(1);
      const recipients = await second.campaigns.recipients(campaign.id);
      expect(recipients.map((r) => r.state)).toEqual(Array(RECIPIENTS).fill('done'));
      expect(recipients.every((r) => r.sentCount === 1)).toBe(true);
      expect(await resumed.runDue()).toMatchObject({ sent: 0 });
    } finally {
      await second.close();
    }
  });

  it('has two replicas running the same campaign at once reach every recipient once', async () => {
    const location = await backend.createLocation();
    const clock = new ManualClock();
    const timer = new VirtualTimer();
    const platform = new RateLimitedPlatform(1000, timer, 10);
    const [first, second] = [await openStore(location), await openStore(location)];
    try {
      await enrolLearners(first, clock);
      await new CampaignDesk(first, lessons, platform, clock).create({
        name: 'Privacy week',
        lessonId: 'hallucinations',
        audience: 'everyone',
        reminders: [],
        createdBy: 'L&D',
      });
      const runner = (store: Store) =>
        new CampaignRunner(
          { store, messenger: platform, lessons, clock, timer },
          { perSecond: 1000, concurrency: 4 },
        );
      const summaries = await Promise.all([runner(first).runDue(), runner(second).runDue()]);

      expect(summaries.map((s) => s.failed)).toEqual([0, 0]);
      expect(summaries[0]!.sent + summaries[1]!.sent).toBe(RECIPIENTS);
      expect(platform.received).toHaveLength(RECIPIENTS);
      expect([...platform.perUser().values()].every((n) => n === 1)).toBe(true);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('delivers through the outbox exactly once per person when the process dies after storing a nudge', async () => {
    const location = await backend.createLocation();
    const clock = new ManualClock();
    const first = await openStore(location);
    for (let i = 0; i < 12; i++) {
      await first.lessons.saveLearner({
        userId: `u${String(i).padStart(2, '0')}`,
        channel: 'web',
        conversationKey: `web::dm-${i}:`,
        groups: [],
        lastSeenAt: clock.now(),
      });
    }
    await new CampaignDesk(first, lessons, new OutboxMessenger(first.outbox, clock), clock).create({
      name: 'Web week',
      lessonId: 'hallucinations',
      audience: 'everyone',
      reminders: [],
      createdBy: 'L&D',
    });
    const state = { dead: false };
    let stored = 0;
    const outbox = new OutboxMessenger(first.outbox, clock);
    const dying: Messenger = {
      async deliver(target, reply) {
        if (state.dead) throw new Error('the process died');
        await outbox.deliver(target, reply);
        if (++stored === 5) {
          state.dead = true;
          throw new Error('the process died');
        }
      },
    };
    await expect(
      new CampaignRunner(
        { store: mortal(first, state), messenger: dying, lessons, clock, timer: new VirtualTimer() },
        { perSecond: 1000, concurrency: 3 },
      ).runDue(),
    ).rejects.toThrow('the process died');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await first.close();

    clock.advance(6 * 60_000);
    const second = await openStore(location);
    try {
      await new CampaignRunner(
        {
          store: second,
          messenger: new OutboxMessenger(second.outbox, clock),
          lessons,
          clock,
          timer: new VirtualTimer(),
        },
        { perSecond: 1000, concurrency: 3 },
      ).runDue();
      for (let i = 0; i < 12; i++) {
        const messages = await second.outbox.after(`web::dm-${i}:`, 0);
        expect(
          messages.map((m) => m.reply.kind),
          `recipient ${i}`,
        ).toEqual(['nudge']);
      }
    } finally {
      await second.close();
    }
  });
});
