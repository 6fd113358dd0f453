import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_LESSONS_DIR } from '../../../src/config/index.js';
import { CampaignDesk } from '../../../src/core/campaigns/campaign-desk.js';
import { CampaignRunner } from '../../../src/core/campaigns/campaign-runner.js';
import { CampaignScheduler } from '../../../src/core/campaigns/campaign-scheduler.js';
import { loadLessonCatalog } from '../../../src/core/lessons/lesson-catalog.js';
import type { DeliveryTarget, Messenger } from '../../../src/core/ports.js';
import { silentLogger } from '../../../src/core/ports.js';
import { createTestCore, type TestCore } from '../../helpers/builders.js';

const lessons = loadLessonCatalog([BUILT_IN_LESSONS_DIR]);

describe('CampaignScheduler', () => {
  let core: TestCore;
  beforeEach(async () => {
    core = await createTestCore();
  });
  afterEach(async () => core.close());

  it('delivers due nudges on its own, marks the campaign finished, and stops cleanly', async () => {
    const sent: DeliveryTarget[] = [];
    const messenger: Messenger = {
      deliver: async (target) => {
        sent.push(target);
      },
    };
    for (const id of ['a', 'b']) {
      await core.store.lessons.saveLearner({
        userId: id,
        channel: 'web',
        conversationKey: `web::${id}:`,
        groups: [],
        lastSeenAt: core.clock.now(),
      });
    }
    const desk = new CampaignDesk(core.store, lessons, messenger, core.clock);
    const { campaign } = await desk.create({
      name: 'Week',
      message: 'Lumen now teaches five-minute lessons: say "lesson".',
      audience: 'everyone',
      createdBy: 'L&D',
    });
    const scheduler = new CampaignScheduler(
      new CampaignRunner({ store: core.store, messenger, lessons, clock: core.clock }, { perSecond: 1000 }),
      silentLogger,
      10,
    );
    scheduler.start();
    await expect.poll(() => sent.length, { timeout: 5_000 }).toBe(2);
    await expect.poll(async () => (await core.store.campaigns.get(campaign.id))?.status).toBe('finished');
    await scheduler.stop();
    await desk.create({ name: 'Later', message: 'More lessons.', audience: 'everyone', createdBy: 'L&D' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent).toHaveLength(2);
  });
});
