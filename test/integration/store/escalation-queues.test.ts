import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CuratedEntry } from '../../../src/core/ports.js';
import { buildEscalation, buildFeedback, buildTurn, minutesIn } from './fixtures.js';
import { storeBackends, useFreshStore } from './store-backends.js';

describe.each(storeBackends)('escalation queues schema ($name)', (backend) => {
  const { store } = useFreshStore(backend);

  it('keeps routing, attempt, claim, resolution and rating fields of an escalation', async () => {
    const escalation = buildEscalation({
      queue: 'hr',
      topic: 'hr',
      trigger: 'abstained',
      confidence: 0.33,
      attempt: { answer: '', abstained: true, sources: [{ title: 'T', location: 'a.md', url: '/k/a.md' }] },
    });
    await store().escalations.insert(escalation);
    expect(await store().escalations.get(escalation.id)).toEqual(escalation);

    const updated = await store().escalations.update(escalation.id, {
      status: 'resolved',
      claimedBy: 'dana',
      claimedAt: minutesIn(5),
      resolvedAt: minutesIn(9),
      remindedAt: minutesIn(3),
      helped: false,
      externalRef: 'INC0012',
      transcript: [...escalation.transcript, { role: 'user', text: 'more' }],
      updatedAt: minutesIn(9),
    });
    expect(updated).toMatchObject({
      status: 'resolved',
      claimedBy: 'dana',
      claimedAt: minutesIn(5),
      resolvedAt: minutesIn(9),
      remindedAt: minutesIn(3),
      helped: false,
      externalRef: 'INC0012',
    });
    expect(updated?.transcript).toHaveLength(3);
    const cleared = await store().escalations.update(escalation.id, {
      claimedBy: undefined,
      helped: undefined,
      updatedAt: minutesIn(10),
    });
    expect(cleared).not.toHaveProperty('claimedBy');
    expect(cleared).not.toHaveProperty('helped');
  });

  it('filters escalations by turn and date range', async () => {
    const turn = buildTurn();
    await store().turns.insert(turn);
    await store().escalations.insert(buildEscalation({ turnId: turn.id, createdAt: minutesIn(1) }));
    await store().escalations.insert(buildEscalation({ createdAt: minutesIn(10) }));
    expect(await store().escalations.list({ turnId: turn.id })).toHaveLength(1);
    expect(await store().escalations.list({ conversationKey: 'slack:T1:C1' })).toHaveLength(2);
    expect(await store().escalations.list({ conversationKey: 'web:other' })).toHaveLength(0);
    expect(await store().escalations.list({ since: minutesIn(5) })).toHaveLength(1);
    expect(await store().escalations.list({ until: minutesIn(5) })).toHaveLength(1);
  });

  it('stores guardrail flags on a turn and leaves them absent when none fired', async () => {
    const flagged = buildTurn({ guardrailFlags: ['sensitive:health'] });
    const plain = buildTurn();
    await store().turns.insert(flagged);
    await store().turns.insert(plain);
    expect((await store().turns.get(flagged.id))?.guardrailFlags).toEqual(['sensitive:health']);
    expect(await store().turns.get(plain.id)).not.toHaveProperty('guardrailFlags');
  });

  it('pages through feedback and turns in date order without gaps or repeats, ties broken by id', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const at = minutesIn(Math.floor(i / 2));
      const turn = buildTurn({ createdAt: at });
      await store().turns.insert(turn);
      const feedback = buildFeedback(turn, { createdAt: at, updatedAt: at });
      await store().feedback.upsert(feedback);
      ids.push(feedback.id);
    }
    const seen: string[] = [];
    let after: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const page = await store().feedback.page({ until: minutesIn(3) }, after, 2);
      if (page.length === 0) break;
      seen.push(...page.map((f) => f.id));
      const last = page.at(-1)!;
      after = { createdAt: last.createdAt, id: last.id };
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    const turns = await store().turns.page({ since: minutesIn(1) }, undefined, 100);
    expect(turns).toHaveLength(5);
    expect(turns.map((t) => t.createdAt.getTime())).toEqual(
      [...turns.map((t) => t.createdAt.getTime())].sort(),
    );
  });

  it('stores curated entries and their review', async () => {
    const escalation = buildEscalation({ status: 'resolved', answer: 'Yes, up to 400 EUR.' });
    await store().escalations.insert(escalation);
    const entry: CuratedEntry = {
      id: randomUUID(),
      escalationId: escalation.id,
      question: escalation.question,
      answer: 'Yes, up to 400 EUR.',
      acl: ['group:hr'],
      status: 'proposed',
      proposedBy: 'dana',
      createdAt: minutesIn(1),
      updatedAt: minutesIn(1),
    };
    await store().curated.insert(entry);
    expect(await store().curated.get(entry.id)).toEqual(entry);
    const approved = await store().curated.update(entry.id, {
      status: 'approved',
      reviewedBy: 'owner',
      updatedAt: minutesIn(2),
    });
    expect(approved).toMatchObject({ status: 'approved', reviewedBy: 'owner', acl: ['group:hr'] });
    expect(await store().curated.list({ status: 'proposed' })).toEqual([]);
    expect(await store().curated.list({ status: 'approved' })).toHaveLength(1);
  });
});

describe.each(storeBackends)('admin sessions ($name)', (backend) => {
  const { store } = useFreshStore(backend);

  it('finds a session until it expires or is deleted, and sweeps expired ones', async () => {
    const live = {
      idHash: 'a'.repeat(64),
      actor: 'web-admin:robin',
      createdAt: minutesIn(0),
      expiresAt: minutesIn(60),
    };
    const old = {
      idHash: 'b'.repeat(64),
      actor: 'web-admin',
      createdAt: minutesIn(0),
      expiresAt: minutesIn(5),
    };
    await store().adminSessions.insert(live);
    await store().adminSessions.insert(old);
    expect(await store().adminSessions.get(live.idHash, minutesIn(30))).toEqual(live);
    expect(await store().adminSessions.get(live.idHash, minutesIn(60))).toBeUndefined();
    expect(await store().adminSessions.deleteExpired(minutesIn(10))).toBe(1);
    expect(await store().adminSessions.get(old.idHash, minutesIn(1))).toBeUndefined();
    await store().adminSessions.delete(live.idHash);
    expect(await store().adminSessions.get(live.idHash, minutesIn(1))).toBeUndefined();
  });
});
