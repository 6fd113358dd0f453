import { describe, expect, it } from 'vitest';
import { buildEscalation, buildFeedback, buildReply, buildTurn } from './fixtures.js';
import { storeBackends, useFreshStore } from './store-backends.js';

const OLD = new Date('2025-01-01T09:00:00.000Z');
const RECENT = new Date('2025-06-01T09:00:00.000Z');

describe.each(storeBackends)('PrivacyRepository ($name)', (backend) => {
  const { store } = useFreshStore(backend);

  async function seed() {
    const ada = buildTurn({ userId: 'U-ADA', conversationKey: 'slack:T1:D-ada', createdAt: OLD });
    const adaLater = buildTurn({ userId: 'U-ADA', conversationKey: 'slack:T1:D-ada', createdAt: RECENT });
    const bob = buildTurn({
      userId: 'U-BOB',
      userName: 'Bob',
      conversationKey: 'slack:T1:D-bob',
      question: 'Bob asks',
      createdAt: OLD,
    });
    for (const turn of [ada, adaLater, bob]) await store().turns.insert(turn);
    await store().feedback.upsert(
      buildFeedback(ada, {
        rating: 'not_helpful',
        reason: 'other',
        comment: 'I am Ada, call me',
        createdAt: OLD,
      }),
    );
    await store().feedback.upsert(buildFeedback(bob, { comment: 'Bob thinks so', createdAt: OLD }));
    await store().escalations.insert(buildEscalation({ userId: 'U-ADA', turnId: ada.id }));
    await store().outbox.append('slack:T1:D-ada', buildReply('An answer for Ada'), OLD);
    await store().lessons.saveLearner({
      userId: 'U-ADA',
      channel: 'slack',
      conversationKey: 'slack:T1:D-ada',
      name: 'Ada Lovelace',
      email: 'ada@brightwater.example',
      groups: ['engineering'],
      lastSeenAt: OLD,
    });
    await store().lessons.saveProgress({
      userId: 'U-ADA',
      lessonId: 'what-is-genai',
      step: 'completed',
      position: 0,
      correct: 2,
      answered: 2,
      startedAt: OLD,
      completedAt: OLD,
      updatedAt: OLD,
    });
    await store().outbox.append('slack:T1:D-bob', buildReply('An answer for Bob'), OLD);
    return { ada, adaLater, bob };
  }

  it('exports everything stored about a person, and nothing about anyone else', async () => {
    const { ada, adaLater } = await seed();
    const data = await store().privacy.exportUser(['U-ADA']);
    expect(data.turns.map((t) => t.id)).toEqual([ada.id, adaLater.id]);
    expect(data.feedback).toEqual([
      expect.objectContaining({ turnId: ada.id, rating: 'not_helpful', comment: 'I am Ada, call me' }),
    ]);
    expect(data.escalations).toHaveLength(1);
    expect(data.lessons).toEqual([
      expect.objectContaining({ lessonId: 'what-is-genai', step: 'completed', correct: 2, answered: 2 }),
    ]);
    expect(JSON.stringify(data)).not.toContain('Bob');
  });

  it("erases a person's content and identity while keeping rows, so counts stay right", async () => {
    const { ada } = await seed();
    const erased = await store().privacy.eraseUser(['U-ADA'], 'erased:abc');
    expect(erased).toEqual({ turns: 2, feedback: 1, escalations: 1, messages: 1, lessons: 1 });
    expect(await store().lessons.getLearner('U-ADA')).toBeUndefined();
    expect(await store().lessons.listProgress('U-ADA')).toEqual([]);
    expect((await store().lessons.progressOn('what-is-genai')).map((p) => p.userId)).toEqual(['erased:abc']);
    const turns = await store().turns.list({});
    expect(turns).toHaveLength(3);
    const former = turns.filter((t) => t.userId === 'erased:abc');
    expect(former.map((t) => [t.question, t.answer])).toEqual([
      ['', ''],
      ['', ''],
    ]);
    expect(former.find((t) => t.id === ada.id)?.citations).toEqual(ada.citations);
    const feedback = await store().feedback.list({});
    expect(feedback).toHaveLength(2);
    expect(JSON.stringify(feedback)).not.toContain('Ada');
    expect(await store().outbox.after('slack:T1:D-ada', 0)).toEqual([]);
    expect(await store().outbox.after('slack:T1:D-bob', 0)).toHaveLength(1);
    expect((await store().privacy.exportUser(['U-ADA'])).turns).toEqual([]);
  });

  it('purges text past retention except for people under legal hold', async () => {
    await seed();
    const purged = await store().privacy.purge(
      {
        conversationTextBefore: new Date('2025-03-01T00:00:00Z'),
        feedbackCommentsBefore: new Date('2025-03-01T00:00:00Z'),
      },
      ['U-BOB'],
    );
    expect(purged).toEqual({ conversationText: 1, feedbackComments: 1, messages: 1 });
    const turns = await store().turns.list({});
    expect(turns.find((t) => t.userId === 'U-BOB')?.question).toBe('Bob asks');
    expect(turns.filter((t) => t.userId === 'U-ADA').map((t) => t.question === '')).toEqual([false, true]);
    expect(await store().outbox.after('slack:T1:D-bob', 0)).toHaveLength(1);
    const comments = (await store().feedback.list({})).map((f) => f.comment ?? null);
    expect(comments.sort()).toEqual(['Bob thinks so', null].sort());
  });
});
