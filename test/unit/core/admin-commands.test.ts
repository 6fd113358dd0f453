import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, makeAction, makeTurn, type TestCore } from '../../helpers/builders.js';

const admin = { id: 'u-9', name: 'Sam', email: 'admin@brightwater.example', groups: [] as string[] };
const employee = { id: 'u-1', name: 'Alex', groups: [] as string[] };

describe('admin commands in chat', () => {
  let core: TestCore;
  let escalationId: string;

  beforeEach(async () => {
    core = await createTestCore({ admins: ['user:admin@brightwater.example'] });
    const asked = await core.copilot.handle(
      makeTurn('Is there a bike shed at the Lisbon office?', { user: employee }),
    );
    await core.copilot.handle(
      makeAction(
        { name: 'feedback', turnId: asked.turnId!, rating: 'not_helpful', reason: 'incomplete' },
        { user: employee },
      ),
    );
    await core.copilot.handle(makeAction({ name: 'escalate', turnId: asked.turnId! }, { user: employee }));
    escalationId = (await core.copilot.escalations.list())[0]!.id;
  });
  afterEach(async () => core.close());

  it('refuses every admin command to a non-admin, changes nothing and audits each refusal', async () => {
    const short = escalationId.slice(0, 8);
    for (const command of [
      'feedback',
      'gaps',
      'escalations',
      `claim ${short}`,
      `answer ${short} hi`,
      `resolve ${short}`,
      `promote ${short}`,
      'approve x',
      'export csv',
    ]) {
      const reply = await core.copilot.handle(makeTurn(`admin ${command}`, { user: employee }));
      expect(reply).toMatchObject({ kind: 'error', visibility: 'asker' });
      expect(reply.text).toMatch(/only for Lumen admins/);
    }
    expect((await core.copilot.escalations.get(escalationId)).status).toBe('open');
    const denied = (await core.store.audit.list({ limit: 100 })).filter((a) => a.action === 'admin.denied');
    expect(denied).toHaveLength(9);
  });

  it('keeps personal data a non-admin typed after admin out of the audit trail', async () => {
    await core.copilot.handle(makeTurn('admin jane.doe@brightwater.example', { user: employee }));
    await core.copilot.handle(makeTurn('admin +351 21 555 4357 call me', { user: employee }));
    const denied = (await core.store.audit.list({ limit: 100 })).filter((a) => a.action === 'admin.denied');
    expect(denied).toHaveLength(2);
    const stored = JSON.stringify(denied);
    expect(stored).not.toContain('jane.doe');
    expect(stored).not.toContain('555');
  });

  it('lets an admin review, claim, answer, resolve, promote and approve from chat', async () => {
    const run = async (text: string) =>
      (
        await core.copilot.handle(
          makeTurn(text, { user: admin, conversation: { id: 'admin-dm', kind: 'direct' } }),
        )
      ).text;
    expect(await run('admin feedback')).toContain('1 ratings, 0% helpful');
    expect(await run('admin feedback')).toContain('Incomplete: 1');
    expect(await run('admin gaps')).toContain('Is there a bike shed at the Lisbon office?');
    const short = escalationId.slice(0, 8);
    expect(await run('admin escalations')).toContain(short);
    expect(await run(`admin claim ${short}`)).toContain('You claimed');
    expect(
      await run(`admin answer ${short} Yes, there is a covered bike shed behind the Lisbon office.`),
    ).toContain('Sent your answer');
    expect(await run(`admin resolve ${short}`)).toContain('resolved');
    const proposed = await run(`admin promote ${short} everyone`);
    const entry = /approve ([0-9a-f]{8})/.exec(proposed)![1]!;
    expect(await run('admin proposals')).toContain('Is there a bike shed');
    expect(await run(`admin approve ${entry}`)).toContain('Approved');

    const later = await core.copilot.handle(
      makeTurn('Is there a bike shed at the Lisbon office?', {
        user: { id: 'u-3', groups: [] },
        conversation: { id: 'c-3', kind: 'direct' },
      }),
    );
    expect(later.kind).toBe('answer');
    expect(later.text).toContain('covered bike shed');
    const actions = (await core.store.audit.list({ limit: 200 }))
      .filter((a) => a.actor === 'u-9')
      .map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'admin.claim',
        'admin.answer',
        'admin.resolve',
        'admin.promote',
        'admin.approve',
      ]),
    );
  });

  it('sends an export as a file in the reply, audited', async () => {
    const ask = (text: string) =>
      core.copilot.handle(makeTurn(text, { user: admin, conversation: { id: 'admin-dm', kind: 'direct' } }));
    const csv = await ask('admin export csv 7');
    expect(csv).toMatchObject({ kind: 'admin', visibility: 'asker' });
    expect(csv.text).toContain('1 row(s)');
    expect(csv.attachment?.filename).toBe('lumen-feedback-2026-11-23.csv');
    const lines = csv.attachment!.content.trim().split('\r\n');
    expect(lines[0]).toMatch(/^feedback_id,/);
    expect(lines[1]).toContain('Is there a bike shed at the Lisbon office?');
    const jsonl = await ask('admin export jsonl');
    expect(JSON.parse(jsonl.attachment!.content.trim())).toMatchObject({
      rating: 'not_helpful',
      reason: 'incomplete',
    });
    core.clock.advance(8 * 24 * 60 * 60 * 1000);
    expect((await ask('admin export csv 7')).text).toContain('0 row(s)');
    const exports = (await core.store.audit.list({ limit: 200 })).filter((a) => a.action === 'admin.export');
    expect(exports).toHaveLength(3);
  });
});
