import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { conversationKey } from '../../../src/core/turn.js';
import {
  createTestCore,
  indexDocument,
  makeAction,
  makeChunk,
  makeTurn,
  type TestCore,
  unreachableIndex,
} from '../../helpers/builders.js';

async function seedKnowledge(core: TestCore) {
  await indexDocument(core.index, [
    makeChunk(
      'folder:leave/parental-leave.md',
      'Birth parents receive 20 weeks of paid parental leave. The partner of a birth parent receives 12 weeks of paid leave.',
      { headingPath: ['Parental leave', 'Birth parents'], title: 'Parental leave' },
    ),
    makeChunk(
      'folder:leave/parental-leave.md',
      'Adoptive families receive 16 weeks of paid leave from the day the child is placed with the family.',
      {
        id: 'folder:leave/parental-leave.md#1',
        headingPath: ['Parental leave', 'Adoption'],
        title: 'Parental leave',
      },
    ),
  ]);
  await indexDocument(core.index, [
    makeChunk(
      'folder:expenses/per-diem.md',
      'The daily meal allowance (per diem) is 75 CAD in Toronto and 60 EUR in Lisbon. Keep receipts for every expense above 25 EUR.',
      { title: 'Per diem rates' },
    ),
  ]);
  await indexDocument(core.index, [
    makeChunk(
      'folder:hr/salary-bands.md',
      'Salary band L5 for engineers ranges from 98,000 to 124,000 EUR.',
      {
        acl: ['group:hr'],
        title: 'Salary bands',
      },
    ),
  ]);
}

describe('copilot', () => {
  let core: TestCore;
  beforeEach(async () => {
    core = await createTestCore({ admins: ['user:admin@brightwater.example'] });
    await seedKnowledge(core);
  });
  afterEach(async () => core.close());

  describe('handle(question)', () => {
    it('answers with numbered citations when the sources cover the question', async () => {
      const reply = await core.copilot.handle(makeTurn('What is the per diem in Toronto?'));
      expect(reply.kind).toBe('answer');
      expect(reply.text).toContain('75 CAD');
      expect(reply.text).toMatch(/\[1\]/);
      expect(reply.citations[0]).toMatchObject({
        n: 1,
        title: 'Per diem rates',
        location: 'expenses/per-diem.md',
      });
      // The embedded answerer quotes its sources; no model wrote the text.
      expect(reply.quoted).toBe(true);
      expect(reply.aiGenerated).toBe(false);
      expect(reply.actions.map((a) => a.payload.name)).toEqual(['feedback', 'feedback', 'escalate']);
    });

    it('abstains plainly and offers a person when the sources do not answer', async () => {
      const reply = await core.copilot.handle(makeTurn('What is the company stock price today?'));
      expect(reply.kind).toBe('abstain');
      expect(reply.text).toContain("I couldn't find this in the sources you can access");
      expect(reply.citations).toEqual([]);
      expect(reply.actions[0]?.payload).toMatchObject({ name: 'escalate' });
    });

    it('offers a person, not a rating, when it abstains', async () => {
      const reply = await core.copilot.handle(makeTurn('What is the company stock price today?'));
      expect(reply.kind).toBe('abstain');
      expect(reply.actions.map((a) => [a.label, a.payload.name])).toEqual([['Ask a person', 'escalate']]);
    });

    it('opens one escalation per question, whether asked by button or in words', async () => {
      const answer = await core.copilot.handle(makeTurn('What is the per diem in Toronto?'));
      const first = await core.copilot.handle(makeAction({ name: 'escalate', turnId: answer.turnId! }));
      expect(first.text).toContain("I've passed your question to a person");
      const again = await core.copilot.handle(makeAction({ name: 'escalate', turnId: answer.turnId! }));
      const typed = await core.copilot.handle(makeTurn('talk to a human'));
      expect(again.text).toContain('already with a person');
      expect(typed.text).toContain('already with a person');
      expect(await core.copilot.escalations.list()).toHaveLength(1);

      core.clock.advance(60_000);
      await core.copilot.handle(makeTurn('What is the per diem in Lisbon?'));
      const next = await core.copilot.handle(makeTurn('talk to a human'));
      expect(next.text).toContain("I've passed your question to a person");
      expect(await core.copilot.escalations.list()).toHaveLength(2);
    });

    it('never answers from a document the asker may not read', async () => {
      const reply = await core.copilot.handle(makeTurn('What is the salary band L5 for engineers?'));
      expect(reply.kind).toBe('abstain');
      expect(JSON.stringify(reply)).not.toContain('98,000');
    });

    it('answers from a restricted document for a member of its group', async () => {
      const turn = makeTurn('What is the salary band L5 for engineers?', {
        user: { id: 'u-2', name: 'Harper', groups: ['HR'] },
      });
      const reply = await core.copilot.handle(turn);
      expect(reply.kind).toBe('answer');
      expect(reply.text).toContain('98,000');
    });

    it('uses only what everyone may read in a shared channel and says a private answer could include more', async () => {
      const turn = makeTurn('What is the salary band L5 for engineers?', {
        user: { id: 'u-2', name: 'Harper', groups: ['hr'] },
        conversation: { id: 'general', kind: 'channel' },
      });
      const reply = await core.copilot.handle(turn);
      expect(JSON.stringify(reply)).not.toContain('98,000');
      expect(reply.notice).toMatch(/direct message/);
    });

    it('searches a shared channel once when the asker may read nothing more than its audience', async () => {
      const search = vi.spyOn(core.index, 'search');
      const turn = makeTurn('What is the salary band L5 for engineers?', {
        user: { id: 'u-3', name: 'Robin', groups: ['sales'] },
        conversation: { id: 'general', kind: 'channel' },
      });
      const reply = await core.copilot.handle(turn);
      expect(reply.notice).toBeUndefined();
      expect(search).toHaveBeenCalledTimes(1);
    });

    it('retrieves a follow-up as if the topic were restated', async () => {
      await core.copilot.handle(makeTurn('How many weeks of parental leave do I get?'));
      const reply = await core.copilot.handle(makeTurn('and for adoptive families?'));
      expect(reply.kind).toBe('answer');
      expect(reply.text).toContain('16 weeks');
      const [, second] = await core.store.turns.recent(conversationKey(makeTurn('x')), 2);
      expect(second?.standaloneQuery).toContain('parental leave');
    });

    it('records the turn with what was retrieved and cited, before replying', async () => {
      const reply = await core.copilot.handle(makeTurn('What is the per diem in Toronto?'));
      const record = await core.store.turns.get(reply.turnId!);
      expect(record).toMatchObject({
        question: 'What is the per diem in Toronto?',
        abstained: false,
        model: 'extractive',
        promptVersion: 'extractive-v3',
        channel: 'web',
        userId: 'u-1',
      });
      expect(record!.retrieved[0]?.chunkId).toBe('folder:expenses/per-diem.md#0');
      expect(record!.citations).toEqual([
        expect.objectContaining({ n: 1, location: 'expenses/per-diem.md' }),
      ]);
      expect(record!.latencyMs).toBeGreaterThanOrEqual(0);
      const audit = await core.store.audit.list({});
      expect(audit.map((a) => a.action)).toContain('ask.answered');
    });

    it.each([
      ['empty', '   ', /Ask me a question/],
      ['enormous', 'word '.repeat(1000), /too long/],
      ['binary', `\u0000\u0001\u0002\u0003${'\uFFFD'.repeat(20)}abc`, /binary/],
    ])('replies with a clear message and records nothing for an %s question', async (_, text, message) => {
      const reply = await core.copilot.handle(makeTurn(text));
      expect(reply.kind).toBe('error');
      expect(reply.text).toMatch(message);
      expect(await core.store.turns.list({})).toEqual([]);
    });

    it('apologises and offers a person when the index is down', async () => {
      const broken = unreachableIndex(new Error('disk I/O error'));
      const outage = await createTestCore({ index: broken });
      try {
        const reply = await outage.copilot.handle(makeTurn('What is the per diem in Toronto?'));
        expect(reply.kind).toBe('error');
        expect(reply.text).not.toContain('disk I/O');
        expect(reply.actions[0]?.payload.name).toBe('escalate');
      } finally {
        await outage.store.close();
      }
    });

    it('answers help with what Lumen can do', async () => {
      const reply = await core.copilot.handle(makeTurn('help'));
      expect(reply.kind).toBe('help');
      expect(reply.text).toContain('talk to a human');
    });
  });

  describe('citation marks typed in source text', () => {
    it('never turn into citations of other sources', async () => {
      await indexDocument(core.index, [
        makeChunk(
          'folder:pay/overtime.md',
          'Overtime is paid at 1.5 times the hourly rate [2] for every hour beyond 40 in a week [3].',
          { title: 'Overtime pay' },
        ),
      ]);
      await indexDocument(core.index, [
        makeChunk(
          'folder:pay/overtime-approval.md',
          'Overtime needs approval from your manager before the week starts.',
          {
            title: 'Overtime approval',
          },
        ),
      ]);
      const reply = await core.copilot.handle(makeTurn('How is overtime paid per hour?'));
      expect(reply.kind).toBe('answer');
      // The marks from the source text stay readable but are not Lumen's: the sentence cites
      // its own document, never what happened to be retrieved second or third.
      expect(reply.text).toContain(
        '1.5 times the hourly rate (2) for every hour beyond 40 in a week (3). [1]',
      );
      expect(reply.citations[0]?.title).toBe('Overtime pay');
      expect(reply.citations[0]?.snippet).not.toMatch(/\[\d\]/);
    });
  });

  describe('handle(feedback action)', () => {
    it('stores helpful feedback against the answered turn', async () => {
      const answer = await core.copilot.handle(makeTurn('What is the per diem in Toronto?'));
      const reply = await core.copilot.handle(
        makeAction({ name: 'feedback', turnId: answer.turnId!, rating: 'helpful' }),
      );
      expect(reply.kind).toBe('feedback_thanks');
      const [stored] = await core.store.feedback.list({});
      expect(stored).toMatchObject({ rating: 'helpful', turnId: answer.turnId });
      expect(stored!.turn.question).toBe('What is the per diem in Toronto?');
      expect(stored!.turn.model).toBe('extractive');
    });

    it('asks for a reason when not helpful comes without one, then stores reason and comment on the same record', async () => {
      const answer = await core.copilot.handle(makeTurn('What is the per diem in Toronto?'));
      const ask = await core.copilot.handle(
        makeAction({ name: 'feedback', turnId: answer.turnId!, rating: 'not_helpful' }),
      );
      expect(ask.kind).toBe('feedback_reason_request');
      expect(ask.actions.map((a) => a.payload).filter((p) => p.name === 'feedback' && p.reason)).toHaveLength(
        7,
      );
      await core.copilot.handle(
        makeAction({
          name: 'feedback',
          turnId: answer.turnId!,
          rating: 'not_helpful',
          reason: 'outdated',
          comment: 'The Toronto rate changed in October.',
        }),
      );
      const all = await core.store.feedback.list({});
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({
        rating: 'not_helpful',
        reason: 'outdated',
        comment: 'The Toronto rate changed in October.',
      });
    });

    it('says so when the rated answer does not exist', async () => {
      const reply = await core.copilot.handle(
        makeAction({ name: 'feedback', turnId: 'missing', rating: 'helpful' }),
      );
      expect(reply.kind).toBe('error');
    });

    it('rejects an unknown action with a clear message', async () => {
      const reply = await core.copilot.handle(makeAction({ name: 'launch-rockets' } as never));
      expect(reply.kind).toBe('error');
      expect(reply.text).toMatch(/don't know that button/);
    });
  });

  describe('acting on someone else’s answer', () => {
    const mallory = { user: { id: 'u-mallory', name: 'Mallory', groups: [] } };
    const admin = { user: { id: 'u-admin', email: 'admin@brightwater.example', groups: [] } };

    it('lets only the asker rate an answer, and audits the attempt', async () => {
      const answer = await core.copilot.handle(makeTurn('What is the per diem in Toronto?'));
      const rated = await core.copilot.handle(
        makeAction(
          { name: 'feedback', turnId: answer.turnId!, rating: 'not_helpful', reason: 'incorrect' },
          mallory,
        ),
      );
      expect(rated).toMatchObject({ kind: 'error', visibility: 'asker' });
      expect(rated.text).toContain('Only the person who asked can rate this answer');
      expect(await core.store.feedback.list({})).toHaveLength(0);
      const refusal = (await core.store.audit.list({})).find((e) => e.action === 'turn.action_refused');
      expect(refusal).toMatchObject({
        actor: 'u-mallory',
        action: 'turn.action_refused',
        subject: answer.turnId,
        details: { action: 'rate' },
      });
    });

    it('lets only the asker (or an admin) hand an answer to a person', async () => {
      const answer = await core.copilot.handle(makeTurn('What is the per diem in Toronto?'));
      const escalated = await core.copilot.handle(
        makeAction({ name: 'escalate', turnId: answer.turnId!, note: 'urgent' }, mallory),
      );
      expect(escalated.kind).toBe('error');
      expect(escalated.text).toContain('Only the person who asked can pass this answer to a person');
      expect(await core.copilot.escalations.list()).toHaveLength(0);

      const byAdmin = await core.copilot.handle(
        makeAction({ name: 'escalate', turnId: answer.turnId! }, admin),
      );
      expect(byAdmin.kind).toBe('escalated');
    });
  });

  describe('handle(escalate action)', () => {
    it('opens one escalation with the conversation and delivers the human answer to the conversation', async () => {
      const answer = await core.copilot.handle(makeTurn('What is the per diem in Toronto?'));
      const reply = await core.copilot.handle(makeAction({ name: 'escalate', turnId: answer.turnId! }));
      expect(reply.kind).toBe('escalated');
      const again = await core.copilot.handle(makeAction({ name: 'escalate', turnId: answer.turnId! }));
      expect(again.text).toMatch(/already with a person/);

      const [escalation] = await core.copilot.escalations.list('open');
      expect(escalation).toMatchObject({
        question: 'What is the per diem in Toronto?',
        userId: 'u-1',
        channel: 'web',
      });
      expect(escalation!.transcript[0]).toEqual({ role: 'user', text: 'What is the per diem in Toronto?' });

      await core.copilot.escalations.answer(escalation!.id, 'It is 80 CAD since October.', 'Jamie');
      const delivered = await core.store.outbox.after(conversationKey(makeTurn('x')), 0);
      expect(delivered).toHaveLength(1);
      expect(delivered[0]!.reply.kind).toBe('escalation_answer');
      expect(delivered[0]!.reply.text).toContain('80 CAD');
      expect((await core.copilot.escalations.list('answered'))[0]?.answeredBy).toBe('Jamie');
    });

    it('escalates when someone types that they want a person', async () => {
      const reply = await core.copilot.handle(makeTurn('talk to a human'));
      expect(reply.kind).toBe('escalated');
    });
  });

  describe('handle(admin command)', () => {
    it('refuses admin commands to non-admins and audits the attempt', async () => {
      const reply = await core.copilot.handle(makeTurn('admin escalations'));
      expect(reply.text).toMatch(/only for Lumen admins/);
      expect((await core.store.audit.list({})).map((a) => a.action)).toContain('admin.denied');
    });

    it('lets an admin list and answer escalations from chat', async () => {
      await core.copilot.handle(makeTurn('talk to a human'));
      const admin = { id: 'u-9', name: 'Sam', email: 'admin@brightwater.example', groups: [] };
      const list = await core.copilot.handle(makeTurn('admin escalations', { user: admin }));
      expect(list.text).toMatch(/1 open escalation/);
      const [escalation] = await core.copilot.escalations.list('open');
      const answered = await core.copilot.handle(
        makeTurn(`admin answer ${escalation!.id.slice(0, 8)} Please call the help desk.`, { user: admin }),
      );
      expect(answered.text).toMatch(/Sent your answer/);
      expect((await core.copilot.escalations.list('answered'))[0]?.answer).toBe('Please call the help desk.');
    });
  });
});
