import { afterEach, describe, expect, it } from 'vitest';
import { ChannelMessenger, OutboxMessenger } from '../../../src/channels/outbox-messenger.js';
import { UsageGuard } from '../../../src/core/governance/usage-limits.js';
import { createCopilot } from '../../../src/core/index.js';
import { createTestCore, indexDocument, makeChunk, makeTurn, type TestCore } from '../../helpers/builders.js';

const PER_DIEM = 'The daily meal allowance (per diem) is 75 CAD in Toronto and 60 EUR in Lisbon.';
const ADMIN = 'admin@brightwater.example';

describe('UsageGuard', () => {
  it('admits a set number of questions per sliding minute and says when to come back', () => {
    const guard = new UsageGuard({ questionsPerMinute: 3, dailyTokens: 0 });
    const at = (s: number) => new Date(Date.UTC(2026, 10, 23, 10, 0, s));
    expect([0, 10, 20].map((s) => guard.admit('web:u1', at(s)).ok)).toEqual([true, true, true]);
    expect(guard.admit('web:u1', at(30))).toEqual({ ok: false, reason: 'rate', retryAfterSeconds: 30 });
    expect(guard.admit('web:u2', at(30)).ok).toBe(true);
    expect(guard.admit('web:u1', at(61)).ok).toBe(true);
  });

  it('refuses a person over the daily token budget until the next UTC day', () => {
    const guard = new UsageGuard({ questionsPerMinute: 0, dailyTokens: 1_000 });
    const monday = new Date('2026-11-23T10:00:00Z');
    guard.spend('slack:u1', 600, monday);
    expect(guard.admit('slack:u1', monday).ok).toBe(true);
    guard.spend('slack:u1', 600, monday);
    expect(guard.admit('slack:u1', monday)).toEqual({ ok: false, reason: 'budget' });
    expect(guard.admit('slack:u1', new Date('2026-11-24T00:00:01Z')).ok).toBe(true);
  });
});

describe('the admins pause switch', () => {
  let core: TestCore;
  afterEach(async () => core?.close());

  it('stops answers for everyone, keeps hand-offs working, and is audited; only admins may use it', async () => {
    core = await createTestCore({ admins: [`user:${ADMIN}`] });
    await indexDocument(core.index, [makeChunk('folder:expenses.md', PER_DIEM)]);
    const admin = { id: 'u-admin', email: ADMIN };

    const denied = await core.copilot.handle(makeTurn('admin pause'));
    expect(denied.text).toMatch(/only for Lumen admins/);
    expect((await core.copilot.handle(makeTurn('What is the per diem in Toronto?'))).kind).toBe('answer');

    const paused = await core.copilot.handle({ ...makeTurn('admin pause answering'), user: admin });
    expect(paused.kind).toBe('admin');
    const refused = await core.copilot.handle(makeTurn('What is the per diem in Toronto?'));
    expect(refused.kind).toBe('notice');
    expect(refused.text).toMatch(/paused/);
    expect(refused.actions[0]?.payload.name).toBe('escalate');
    expect((await core.copilot.handle(makeTurn('talk to a human'))).kind).toBe('escalated');

    // A second core on the same store (another replica) sees the pause too.
    const outbox = new OutboxMessenger(core.store.outbox, core.clock);
    const replica = createCopilot({
      index: core.index,
      model: {
        name: 'never',
        answer: async () => Promise.reject(new Error('must not answer')),
        check: async () => ({ name: 'model', ok: true, detail: '' }),
      },
      store: core.store,
      messenger: new ChannelMessenger({ web: outbox, cli: outbox }),
      clock: core.clock,
    });
    expect((await replica.handle(makeTurn('What is the per diem in Toronto?'))).kind).toBe('notice');

    await core.copilot.handle({ ...makeTurn('admin resume'), user: admin });
    expect((await core.copilot.handle(makeTurn('What is the per diem in Toronto?'))).kind).toBe('answer');
    const actions = (await core.store.audit.list({})).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['admin.denied', 'admin.answering.pause', 'admin.answering.resume']),
    );
  });
});

describe('per-person rate limit through the core', () => {
  let core: TestCore;
  afterEach(async () => core?.close());

  it('tells a person who asks too fast that the question was not taken and when to resend it, without affecting others', async () => {
    core = await createTestCore({ limits: { questionsPerMinute: 2, dailyTokens: 0 } });
    await indexDocument(core.index, [makeChunk('folder:expenses.md', PER_DIEM)]);
    const ask = (userId: string) =>
      core.copilot.handle({ ...makeTurn('What is the per diem in Toronto?'), user: { id: userId } });
    expect((await ask('u-1')).kind).toBe('answer');
    expect((await ask('u-1')).kind).toBe('answer');
    const third = await ask('u-1');
    expect(third.kind).toBe('notice');
    expect(third.text).toMatch(/didn't take that question.*Nothing was queued.*send it again in \d+ seconds/);
    expect(third.retryAfterSeconds).toBeGreaterThan(0);
    expect((await ask('u-2')).kind).toBe('answer');
    core.clock.advance(61_000);
    expect((await ask('u-1')).kind).toBe('answer');
  });
});
