import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_LESSONS_DIR } from '../../../src/config/index.js';
import type { CampaignDraft } from '../../../src/core/campaigns/campaign-desk.js';
import { CampaignDesk } from '../../../src/core/campaigns/campaign-desk.js';
import { reportToCsv } from '../../../src/core/campaigns/campaign-report.js';
import { CampaignRunner, type RunnerOptions } from '../../../src/core/campaigns/campaign-runner.js';
import { RateLimitedError } from '../../../src/core/campaigns/pacer.js';
import { loadLessonCatalog } from '../../../src/core/lessons/lesson-catalog.js';
import type { DeliveryTarget, Messenger } from '../../../src/core/ports.js';
import type { Reply } from '../../../src/core/reply.js';
import { createTestCore, makeAction, makeTurn, type TestCore } from '../../helpers/builders.js';
import { RateLimitedPlatform, VirtualTimer } from '../../helpers/rate-limited-platform.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const lessons = loadLessonCatalog([BUILT_IN_LESSONS_DIR]);
const LESSON = 'what-generative-ai-is';

/** Records every delivery; optionally fails the first `failures` sends to each user. */
class RecordingMessenger implements Messenger {
  readonly sent: Array<{ target: DeliveryTarget; reply: Reply }> = [];
  private readonly failuresLeft = new Map<string, number>();
  constructor(private readonly failures = 0) {}
  async deliver(target: DeliveryTarget, reply: Reply): Promise<void> {
    const left = this.failuresLeft.get(target.userId) ?? this.failures;
    if (left > 0) {
      this.failuresLeft.set(target.userId, left - 1);
      throw new Error('platform unavailable');
    }
    this.sent.push({ target, reply });
  }
  to(userId: string) {
    return this.sent.filter((m) => m.target.userId === userId);
  }
}

async function addLearner(
  core: TestCore,
  userId: string,
  extra: { timeZone?: string; groups?: string[] } = {},
) {
  await core.store.lessons.saveLearner({
    userId,
    channel: 'web',
    conversationKey: `web::dm-${userId}:`,
    groups: extra.groups ?? [],
    ...(extra.timeZone ? { timeZone: extra.timeZone } : {}),
    lastSeenAt: core.clock.now(),
  });
}

function draft(extra: Partial<CampaignDraft> = {}): CampaignDraft {
  return { name: 'AI basics week', lessonId: LESSON, audience: 'everyone', createdBy: 'L&D', ...extra };
}

describe('campaigns', () => {
  let core: TestCore;
  let messenger: RecordingMessenger;
  let desk: CampaignDesk;
  const runner = (options: Partial<RunnerOptions> = {}, m: Messenger = messenger) =>
    new CampaignRunner(
      { store: core.store, messenger: m, lessons, clock: core.clock, timer: new VirtualTimer() },
      { perSecond: 1000, ...options },
    );

  beforeEach(async () => {
    core = await createTestCore();
    messenger = new RecordingMessenger();
    desk = new CampaignDesk(core.store, lessons, messenger, core.clock);
  });
  afterEach(async () => core.close());

  describe('targeting', () => {
    it('targets everyone, a group, a role or people who have not completed a lesson', async () => {
      await addLearner(core, 'a', { groups: ['engineering'] });
      await addLearner(core, 'b', { groups: ['managers'] });
      await addLearner(core, 'c', { groups: ['Engineering', 'managers'] });
      const now = core.clock.now();
      await core.store.lessons.saveProgress({
        userId: 'a',
        lessonId: 'hallucinations',
        step: 'completed',
        position: 0,
        correct: 2,
        answered: 2,
        startedAt: now,
        completedAt: now,
        updatedAt: now,
      });
      const size = async (audience: string) => (await desk.preview(draft({ audience }))).targeted;
      expect(await size('everyone')).toBe(3);
      expect(await size('group:engineering')).toBe(2);
      expect(await size('role:managers')).toBe(2);
      expect(await size('not-completed:hallucinations')).toBe(2);
      expect(await size('conversation:web::dm-b')).toBe(1);
    });

    it('previews how many are opted out or already done, and names a bad audience', async () => {
      await addLearner(core, 'a');
      await addLearner(core, 'b');
      await core.store.lessons.saveControls({ userId: 'b', optedOut: true });
      expect(await desk.preview(draft())).toEqual({
        audience: 2,
        optedOut: 1,
        alreadyCompleted: 0,
        notForRole: 0,
        unreachable: 0,
        targeted: 2,
      });
      await expect(desk.preview(draft({ audience: 'team-x' }))).rejects.toThrow(/audience "team-x"/);
      await expect(desk.preview(draft({ lessonId: 'nope' }))).rejects.toThrow(/lesson "nope" does not exist/);
    });

    it("targets only people in a role lesson's roles, and records the campaign in the audit trail", async () => {
      await addLearner(core, 'manager', { groups: ['managers'] });
      await addLearner(core, 'engineer', { groups: ['engineering'] });
      const managers = draft({ lessonId: 'managers-ai-and-your-team' });
      expect(await desk.preview(managers)).toMatchObject({ audience: 2, notForRole: 1, targeted: 1 });
      const { campaign, targeted } = await desk.create(managers);
      expect(targeted).toBe(1);
      expect((await core.store.campaigns.recipients(campaign.id)).map((r) => r.userId)).toEqual(['manager']);
      const created = (await core.store.audit.list({})).find((e) => e.action === 'campaign.create');
      expect(created).toMatchObject({ actor: 'L&D', action: 'campaign.create', subject: campaign.id });
    });

    it('reaches people seen in a channel through their direct conversation, and counts those without one', async () => {
      const inChannel = (id: string) =>
        makeTurn('hello', {
          user: { id, groups: [] },
          channel: 'slack',
          conversation: { id: 'C-general', kind: 'channel', tenantId: 'T1' },
        });
      await core.copilot.handle(
        makeTurn('hello', {
          user: { id: 'dm-first', groups: [] },
          channel: 'slack',
          conversation: { id: 'D1', kind: 'direct', tenantId: 'T1' },
        }),
      );
      await core.copilot.handle(inChannel('dm-first'));
      await core.copilot.handle(inChannel('channel-only'));
      expect(await core.store.lessons.getLearner('dm-first')).toMatchObject({
        conversationKey: 'slack:T1:D1:',
      });
      expect(await core.store.lessons.getLearner('channel-only')).toMatchObject({ conversationKey: '' });

      const audience = 'conversation:slack:T1:C-general';
      expect(await desk.preview(draft({ audience }))).toMatchObject({
        audience: 2,
        unreachable: 1,
        targeted: 1,
      });
      const { campaign } = await desk.create(draft({ audience, reminders: [] }));
      const slack = new RecordingMessenger();
      await runner({}, slack).runDue();
      expect(slack.sent.map((m) => m.target)).toEqual([
        {
          channel: 'slack',
          conversationKey: 'slack:T1:D1:',
          userId: 'dm-first',
          deliveryKey: `${campaign.id}:dm-first:0`,
        },
      ]);
    });

    it('test-sends the nudge to one person without touching the campaign', async () => {
      await addLearner(core, 'author');
      await desk.testSend(draft(), 'author');
      expect(messenger.to('author')).toHaveLength(1);
      expect(messenger.sent[0]!.reply.text).toContain('Test send');
      expect(await desk.list()).toEqual([]);
    });
  });

  describe('delivery', () => {
    it('reaches each recipient at the start of their local window, never twice', async () => {
      await addLearner(core, 'lisbon', { timeZone: 'Europe/Lisbon' });
      await addLearner(core, 'newyork', { timeZone: 'America/New_York' });
      await addLearner(core, 'tokyo', { timeZone: 'Asia/Tokyo' });
      await desk.create(draft({ reminders: [] }));

      await runner().runDue();
      expect(messenger.sent.map((m) => m.target.userId)).toEqual(['lisbon']);
      core.clock.advance(4 * HOUR); // 14:00 UTC = 09:00 New York
      await runner().runDue();
      expect(messenger.sent.map((m) => m.target.userId)).toEqual(['lisbon', 'newyork']);
      core.clock.advance(10 * HOUR); // Tuesday 00:00 UTC = 09:00 Tokyo
      await runner().runDue();
      core.clock.advance(DAY);
      await runner().runDue();
      expect(messenger.sent.map((m) => m.target.userId)).toEqual(['lisbon', 'newyork', 'tokyo']);
      const nudge = messenger.sent[0]!.reply;
      expect(nudge.kind).toBe('nudge');
      expect(nudge.actions.map((a) => a.label)).toEqual([
        'Start lesson',
        'Snooze 1 day',
        'Pause nudges',
        'Opt out',
        'Why am I getting this?',
      ]);
      expect(messenger.sent[0]!.target.deliveryKey).toMatch(/:lisbon:0$/);
    });

    it('falls back to UTC for a stored time zone the runtime does not know', async () => {
      await addLearner(core, 'nowhere', { timeZone: 'Mars/Olympus_Mons' });
      await desk.create(draft({ reminders: [] }));
      expect(await runner().runDue()).toMatchObject({ sent: 1 });
    });

    it('waits until the start time and skips the weekend', async () => {
      await addLearner(core, 'a');
      // Friday 18:00 UTC: outside the window, then the weekend.
      await desk.create(draft({ startsAt: new Date('2026-11-27T18:00:00Z'), reminders: [] }));
      for (const at of ['2026-11-23T12:00:00Z', '2026-11-27T18:00:00Z', '2026-11-28T10:00:00Z']) {
        core.clock.advance(new Date(at).getTime() - core.clock.now().getTime());
        await runner().runDue();
        expect(messenger.sent).toHaveLength(0);
      }
      core.clock.advance(new Date('2026-11-30T09:00:00Z').getTime() - core.clock.now().getTime());
      await runner().runDue();
      expect(messenger.sent).toHaveLength(1);
    });

    it('honours opt-out and pause from the nudge buttons', async () => {
      await addLearner(core, 'u-1');
      await addLearner(core, 'u-2');
      await core.copilot.handle(makeAction({ name: 'nudge_control', control: 'opt_out' }));
      await core.copilot.handle(makeTurn('pause nudges', { user: { id: 'u-2', groups: [] } }));
      await desk.create(draft());
      await runner().runDue();
      expect(messenger.sent).toHaveLength(0);
      expect((await core.store.campaigns.recipients((await desk.list())[0]!.id)).map((r) => r.state)).toEqual(
        ['skipped', 'pending'],
      );
    });

    it('snoozes a nudge by a day, even after the campaign had finished', async () => {
      await addLearner(core, 'u-1');
      const { campaign } = await desk.create(draft({ reminders: [] }));
      await runner().runDue();
      expect((await core.store.campaigns.get(campaign.id))?.status).toBe('finished');
      const snoozed = await core.copilot.handle(
        makeAction({ name: 'nudge_control', control: 'snooze', campaignId: campaign.id }),
      );
      expect(snoozed.text).toContain('tomorrow');
      core.clock.advance(12 * HOUR);
      await runner().runDue();
      expect(messenger.to('u-1')).toHaveLength(1);
      core.clock.advance(12 * HOUR);
      await runner().runDue();
      expect(messenger.to('u-1').map((m) => m.reply.text)).toEqual([
        expect.stringContaining('📚'),
        expect.stringContaining('Reminder'),
      ]);
    });

    it('explains why a nudge came', async () => {
      await addLearner(core, 'u-1');
      const { campaign } = await desk.create(draft({ audience: 'everyone' }));
      const why = await core.copilot.handle(
        makeAction({ name: 'nudge_control', control: 'why', campaignId: campaign.id }),
      );
      expect(why.text).toContain('AI basics week');
      expect(why.text).toContain('everyone who uses Lumen');
    });

    it('caps lesson nudges at one a day and three a week across campaigns', async () => {
      await addLearner(core, 'a');
      for (const name of ['one', 'two', 'three', 'four']) {
        await desk.create(draft({ name, reminders: [] }));
      }
      const days: number[] = [];
      for (let day = 0; day < 7; day++) {
        await runner().runDue();
        days.push(messenger.sent.length);
        core.clock.advance(DAY);
      }
      // Mon, Tue, Wed get one each; the fourth waits for the week to pass.
      expect(days).toEqual([1, 2, 3, 3, 3, 3, 3]);
      core.clock.advance(DAY);
      await runner().runDue();
      expect(messenger.sent).toHaveLength(4);
    });

    it('climbs the reminder ladder until the learner starts the lesson', async () => {
      await addLearner(core, 'u-1');
      await addLearner(core, 'u-2');
      await desk.create(draft({ reminders: [120, 24 * 60, 3 * 24 * 60], caps: { perDay: 5, perWeek: 10 } }));
      await runner().runDue();
      expect(messenger.sent).toHaveLength(2);
      await core.copilot.handle(makeTurn('lesson', { receivedAt: core.clock.now() }));
      core.clock.advance(2 * HOUR);
      await runner().runDue();
      expect(messenger.to('u-2').map((m) => m.reply.text)).toEqual([
        expect.stringContaining('📚'),
        expect.stringContaining('Reminder'),
      ]);
      expect(messenger.to('u-1')).toHaveLength(1);
      core.clock.advance(DAY);
      await runner().runDue();
      core.clock.advance(3 * DAY);
      await runner().runDue();
      core.clock.advance(7 * DAY);
      await runner().runDue();
      expect(messenger.to('u-2')).toHaveLength(4);
      expect(messenger.to('u-1')).toHaveLength(1);
    });

    it('retries a failing platform, then reports the failure', async () => {
      await addLearner(core, 'flaky');
      await addLearner(core, 'down');
      const flaky = new RecordingMessenger();
      const failing: Messenger = {
        deliver: (target, reply) =>
          target.userId === 'down' ? Promise.reject(new Error('410 gone')) : flaky.deliver(target, reply),
      };
      const { campaign } = await desk.create(draft({ reminders: [] }));
      const first = await runner({}, failing).runDue();
      expect(first).toMatchObject({ sent: 1, retried: 1 });
      core.clock.advance(MINUTE);
      await runner({}, failing).runDue();
      core.clock.advance(2 * MINUTE);
      const last = await runner({}, failing).runDue();
      expect(last.failed).toBe(1);
      const report = await desk.report(campaign.id);
      expect(report).toMatchObject({ targeted: 2, delivered: 1, failed: 1, pending: 0 });
      const down = await core.store.campaigns.getRecipient(campaign.id, 'down');
      expect(down).toMatchObject({ state: 'failed', attempts: 3 });
      expect(down!.error).toContain('410 gone');
    });

    it('stops at once when the campaign is cancelled in the middle of a run', async () => {
      for (let i = 0; i < 20; i++) await addLearner(core, `u${String(i).padStart(2, '0')}`);
      const { campaign } = await desk.create(draft({ reminders: [] }));
      const cancelling: Messenger = {
        deliver: async (target, reply) => {
          await messenger.deliver(target, reply);
          if (messenger.sent.length === 5) await desk.cancel(campaign.id, 'L&D');
        },
      };
      await runner({ concurrency: 1 }, cancelling).runDue();
      expect(messenger.sent).toHaveLength(5);
      const states = (await core.store.campaigns.recipients(campaign.id)).map((r) => r.state);
      expect(states.filter((s) => s === 'done')).toHaveLength(5);
      expect(states.filter((s) => s === 'pending')).toHaveLength(15);
    });

    it('counts a message the platform keeps refusing with 429 as a failed attempt', async () => {
      await addLearner(core, 'a');
      const { campaign } = await desk.create(draft({ reminders: [] }));
      const refusing: Messenger = {
        deliver: async () => {
          throw new RateLimitedError(1_000);
        },
      };
      const result = await runner({}, refusing).runDue();
      expect(result).toMatchObject({ rateLimited: 10, retried: 1, sent: 0 });
      expect(await core.store.campaigns.getRecipient(campaign.id, 'a')).toMatchObject({
        state: 'pending',
        attempts: 1,
      });
    });

    it('stops delivering when the campaign is cancelled', async () => {
      await addLearner(core, 'a', { timeZone: 'Asia/Tokyo' });
      const { campaign } = await desk.create(draft());
      await desk.cancel(campaign.id, 'Dana (L&D)');
      const cancelled = (await core.store.audit.list({})).find((e) => e.action === 'campaign.cancel');
      expect(cancelled).toMatchObject({
        actor: 'Dana (L&D)',
        action: 'campaign.cancel',
        subject: campaign.id,
      });
      core.clock.advance(DAY);
      await runner().runDue();
      expect(messenger.sent).toHaveLength(0);
    });
  });

  describe('pacing', () => {
    it('paces sends to the platform rate limit so it never answers 429', async () => {
      for (let i = 0; i < 60; i++) await addLearner(core, `u${String(i).padStart(2, '0')}`);
      await desk.create(draft({ reminders: [] }));
      const timer = new VirtualTimer();
      const platform = new RateLimitedPlatform(10, timer);
      const result = await new CampaignRunner(
        { store: core.store, messenger: platform, lessons, clock: core.clock, timer },
        { perSecond: 10, concurrency: 4 },
      ).runDue();
      expect(result).toMatchObject({ sent: 60, rateLimited: 0 });
      expect(platform.rejected).toBe(0);
      expect(platform.received).toHaveLength(60);
      // 60 sends at 10 per second take 5.9 s of platform time at the least.
      expect(timer.now()).toBeGreaterThanOrEqual(5_900);
      expect(timer.now()).toBeLessThan(6_500);
    });

    it('paces each channel to its own limit', async () => {
      for (let i = 0; i < 20; i++) {
        await core.store.lessons.saveLearner({
          userId: `t${String(i).padStart(2, '0')}`,
          channel: i % 2 === 0 ? 'teams' : 'slack',
          conversationKey: `dm-${i}`,
          groups: [],
          lastSeenAt: core.clock.now(),
        });
      }
      await desk.create(draft({ reminders: [] }));
      const timer = new VirtualTimer();
      const teams = new RateLimitedPlatform(10, timer);
      const slack = new RateLimitedPlatform(1, timer);
      const byChannel: Messenger = {
        deliver: (target, reply) => (target.channel === 'teams' ? teams : slack).deliver(target, reply),
      };
      const result = await new CampaignRunner(
        { store: core.store, messenger: byChannel, lessons, clock: core.clock, timer },
        { perSecond: 1, perChannel: { teams: 10 }, concurrency: 4 },
      ).runDue();
      expect(result).toMatchObject({ sent: 20, rateLimited: 0 });
      expect(teams.received).toHaveLength(10);
      expect(slack.received).toHaveLength(10);
      // Slack's ten at one per second bound the run; Teams' ten finish within the first second.
      expect(Math.max(...teams.received.map((m) => m.at))).toBeLessThan(1_000);
      expect(timer.now()).toBeGreaterThanOrEqual(9_000);
    });

    it('backs off on 429 when configured faster than the platform, losing nothing', async () => {
      for (let i = 0; i < 30; i++) await addLearner(core, `u${String(i).padStart(2, '0')}`);
      await desk.create(draft({ reminders: [] }));
      const timer = new VirtualTimer();
      const platform = new RateLimitedPlatform(5, timer);
      const result = await new CampaignRunner(
        { store: core.store, messenger: platform, lessons, clock: core.clock, timer },
        { perSecond: 50, concurrency: 4 },
      ).runDue();
      expect(result.sent).toBe(30);
      expect(result.rateLimited).toBeGreaterThan(0);
      expect(platform.received).toHaveLength(30);
      expect([...platform.perUser().values()].every((n) => n === 1)).toBe(true);
    });
  });

  describe('report', () => {
    it('counts the funnel, scores, confidence change, opt-outs and per-question accuracy; small groups merge', async () => {
      for (let i = 0; i < 6; i++) await addLearner(core, `eng${i}`, { groups: ['engineering'] });
      for (let i = 0; i < 3; i++) await addLearner(core, `fin${i}`, { groups: ['finance'] });
      for (let i = 0; i < 2; i++) await addLearner(core, `law${i}`, { groups: ['legal'] });
      const { campaign } = await desk.create(draft({ reminders: [] }));
      await runner().runDue();
      const lesson = lessons.get(LESSON)!;
      const right = lesson.quiz.map((q) => q.choices.findIndex((c) => c.correct));
      for (const [userId, missFirst] of [
        ['eng0', false],
        ['eng1', true],
      ] as const) {
        const user = { id: userId, groups: ['engineering'] };
        const act = (action: Parameters<typeof makeAction>[0]) =>
          core.copilot.handle(makeAction(action, { user, receivedAt: core.clock.now() }));
        await act({ name: 'lesson_start', lessonId: LESSON, campaignId: campaign.id });
        await act({ name: 'confidence', lessonId: LESSON, stage: 'before', value: 2 });
        for (let s = 1; s <= lesson.screens.length; s++)
          await act({ name: 'lesson_next', lessonId: LESSON, screen: s });
        for (let q = 0; q < lesson.quiz.length; q++) {
          const choice = missFirst && q === 0 ? (right[q]! + 1) % 3 : right[q]!;
          await act({ name: 'quiz_answer', lessonId: LESSON, question: q, choice });
        }
        await act({ name: 'confidence', lessonId: LESSON, stage: 'after', value: 5 });
        await act({ name: 'lesson_feedback', lessonId: LESSON, useful: !missFirst });
      }
      await core.copilot.handle(
        makeAction({ name: 'lesson_start', lessonId: LESSON }, { user: { id: 'fin0', groups: ['finance'] } }),
      );
      await core.copilot.handle(
        makeAction(
          { name: 'nudge_control', control: 'opt_out' },
          { user: { id: 'law0', groups: ['legal'] } },
        ),
      );

      const report = await desk.report(campaign.id);
      expect(report).toMatchObject({
        targeted: 11,
        delivered: 11,
        opened: 2,
        started: 3,
        completed: 2,
        optedOut: 1,
        quizScore: 3 / 4,
        confidenceChange: 3,
        useful: { yes: 1, no: 1 },
      });
      expect(report.questions.map((q) => [q.answered, q.correct])).toEqual([
        [2, 1],
        [2, 2],
      ]);
      expect(report.groups).toEqual([
        { group: 'engineering', targeted: 6, delivered: 6, opened: 2, started: 2, completed: 2 },
        { group: 'other groups', targeted: 5, delivered: 5, opened: 0, started: 1, completed: 0 },
      ]);
      const csv = reportToCsv(report);
      expect(csv.split('\n')[0]).toBe('section,item,metric,value');
      expect(csv).toContain('campaign,AI basics week,completed,2');
      expect(csv).toContain('campaign,AI basics week,opened,2');
      expect(csv).toContain('group,engineering,targeted,6');
      expect(csv).not.toContain('finance');
    });
  });
});
