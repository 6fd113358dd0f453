import { describe, expect, it } from 'vitest';
import type { LessonProgress } from '../../../src/core/lessons/lesson-ports.js';
import { storeBackends, useFreshStore } from '../store/store-backends.js';

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 23, 10, minutes));

function progress(extra: Partial<LessonProgress> = {}): LessonProgress {
  return {
    userId: 'u-1',
    lessonId: 'hallucinations',
    step: 'quiz',
    position: 1,
    correct: 1,
    answered: 1,
    confidenceBefore: 2,
    startedAt: at(0),
    updatedAt: at(1),
    ...extra,
  };
}

describe.each(storeBackends)('LessonRepository and CampaignRepository ($name)', (backend) => {
  const { store } = useFreshStore(backend);

  it('upserts learners and keeps their controls across profile updates', async () => {
    const learner = {
      userId: 'u-1',
      channel: 'slack' as const,
      conversationKey: 'slack:T1:D1:',
      name: 'Ana',
      groups: ['engineering'],
      timeZone: 'Europe/Lisbon',
      lastSeenAt: at(0),
    };
    await store().lessons.saveLearner(learner);
    await store().lessons.saveControls({ userId: 'u-1', optedOut: true, pausedUntil: at(30) });
    await store().lessons.saveLearner({ ...learner, groups: ['managers'], lastSeenAt: at(5) });
    expect(await store().lessons.getLearner('u-1')).toEqual({
      ...learner,
      groups: ['managers'],
      lastSeenAt: at(5),
    });
    expect(await store().lessons.getControls('u-1')).toEqual({
      userId: 'u-1',
      optedOut: true,
      pausedUntil: at(30),
    });
    expect(await store().lessons.getControls('nobody')).toEqual({ userId: 'nobody', optedOut: false });
    const { name: _name, timeZone: _zone, ...unnamed } = learner;
    await store().lessons.saveLearner({ ...unnamed, lastSeenAt: at(6) });
    expect(await store().lessons.getLearner('u-1')).toEqual({ ...learner, lastSeenAt: at(6) });
    expect((await store().lessons.listLearners()).map((l) => l.userId)).toEqual(['u-1']);
  });

  it('notes the conversations a learner was seen in and finds members by key prefix', async () => {
    await store().lessons.noteConversation('u-1', 'slack:T1:C1:', at(0));
    await store().lessons.noteConversation('u-1', 'slack:T1:C1:', at(5));
    await store().lessons.noteConversation('u-2', 'slack:T1:C1:171.2', at(1));
    await store().lessons.noteConversation('u-3', 'slack:T1:C2:', at(1));
    await store().lessons.noteConversation('u-4', 'slack:T1_C1:', at(1));
    expect(await store().lessons.membersOf('slack:T1:C1:')).toEqual(['u-1', 'u-2']);
    expect(await store().lessons.membersOf('slack:T1:')).toEqual(['u-1', 'u-2', 'u-3']);
    expect(await store().lessons.membersOf('teams:')).toEqual([]);
  });

  it('saves progress by user and lesson, answers and due review cards', async () => {
    await store().lessons.saveProgress(progress());
    const done = progress({
      step: 'completed',
      confidenceAfter: 4,
      useful: false,
      completedAt: at(3),
      updatedAt: at(3),
    });
    await store().lessons.saveProgress(done);
    expect(await store().lessons.getProgress('u-1', 'hallucinations')).toEqual(done);
    expect(await store().lessons.progressOn('hallucinations')).toEqual([done]);

    await store().lessons.recordAnswer({
      userId: 'u-1',
      lessonId: 'hallucinations',
      question: 0,
      choice: 2,
      correct: false,
      review: false,
      answeredAt: at(2),
    });
    expect(await store().lessons.answersOn('hallucinations')).toHaveLength(1);

    await store().lessons.saveCard({
      userId: 'u-1',
      lessonId: 'hallucinations',
      question: 0,
      due: at(10),
      card: '{}',
    });
    await store().lessons.saveCard({ userId: 'u-1', lessonId: 'bias', question: 1, due: at(5), card: '{}' });
    expect(await store().lessons.dueCards('u-1', at(4), 10)).toEqual([]);
    expect((await store().lessons.dueCards('u-1', at(20), 10)).map((c) => c.lessonId)).toEqual([
      'bias',
      'hallucinations',
    ]);
    await store().lessons.deleteCard('u-1', 'bias', 1);
    expect(await store().lessons.dueCards('u-1', at(20), 10)).toHaveLength(1);
  });

  it('stores a keyed outbox message once, next to unkeyed ones', async () => {
    const reply = {
      kind: 'nudge' as const,
      text: 'Time for a lesson',
      citations: [],
      actions: [],
      aiGenerated: false,
      visibility: 'conversation' as const,
    };
    expect(await store().outbox.appendOnce!('web::c1:', reply, at(1), 'c1:u-1:0')).toBe(true);
    expect(await store().outbox.appendOnce!('web::c1:', reply, at(2), 'c1:u-1:0')).toBe(false);
    await store().outbox.append('web::c1:', { ...reply, text: 'an answer' }, at(3));
    await store().outbox.append('web::c1:', { ...reply, text: 'another answer' }, at(4));
    expect((await store().outbox.after('web::c1:', 0)).map((m) => m.reply.text)).toEqual([
      'Time for a lesson',
      'an answer',
      'another answer',
    ]);
  });

  it('claims a recipient once, and again only after its lease runs out', async () => {
    await store().campaigns.create({
      id: 'c1',
      name: 'Week',
      lessonId: 'hallucinations',
      audience: { kind: 'everyone' },
      startsAt: at(0),
      window: { start: 540, end: 1020, quietStart: 1200, quietEnd: 480, skipWeekends: true },
      reminders: [],
      caps: { perDay: 1, perWeek: 3 },
      status: 'active',
      createdBy: 'L&D',
      createdAt: at(0),
    });
    const recipient = {
      campaignId: 'c1',
      userId: 'u-1',
      channel: 'web',
      conversationKey: 'web::c:',
      state: 'pending' as const,
      step: 0,
      nextAt: at(0),
      attempts: 0,
      sentCount: 0,
    };
    await store().campaigns.addRecipients([recipient]);
    await store().campaigns.addRecipients([{ ...recipient, step: 5 }]);
    expect(await store().campaigns.due(at(1), 10)).toEqual([recipient]);
    expect(await store().campaigns.due(at(1), 10, 'slack')).toEqual([]);
    expect(await store().campaigns.countWaiting('c1')).toBe(1);
    await store().campaigns.markOpened('c1', 'u-1', at(2));
    await store().campaigns.markOpened('c1', 'u-1', at(9));
    expect((await store().campaigns.getRecipient('c1', 'u-1'))?.openedAt).toEqual(at(2));
    expect(await store().campaigns.claim(recipient, at(1), at(6))).toBe(true);
    expect(await store().campaigns.claim(recipient, at(1), at(6))).toBe(false);
    expect(await store().campaigns.due(at(2), 10)).toEqual([]);
    const stale = await store().campaigns.due(at(7), 10);
    expect(stale).toMatchObject([{ state: 'sending', leaseUntil: at(6) }]);
    expect(await store().campaigns.claim(stale[0]!, at(7), at(12))).toBe(true);

    await store().campaigns.recordNudge('u-1', 'c1', at(3));
    expect(await store().campaigns.nudgesSince('u-1', at(0))).toEqual([at(3)]);
    await store().campaigns.setStatus('c1', 'cancelled');
    await store().campaigns.updateRecipient('c1', 'u-1', {
      state: 'pending',
      nextAt: at(0),
      leaseUntil: undefined,
    });
    expect(await store().campaigns.due(at(30), 10)).toEqual([]);
  });
});
