import { describe, expect, it } from 'vitest';
import { buildEscalation, buildTurn, minutesIn } from './fixtures.js';
import { storeBackends, useFreshStore } from './store-backends.js';

describe.each(storeBackends)('EscalationRepository ($name)', (backend) => {
  const { store } = useFreshStore(backend);

  describe('insert and get', () => {
    it('returns the escalation exactly as inserted, linked to its turn', async () => {
      const turn = buildTurn();
      await store().turns.insert(turn);
      const escalation = buildEscalation({ turnId: turn.id });
      await store().escalations.insert(escalation);
      expect(await store().escalations.get(escalation.id)).toEqual(escalation);
    });

    it('keeps optional fields absent when they were not set', async () => {
      const escalation = buildEscalation();
      delete escalation.note;
      delete escalation.userName;
      await store().escalations.insert(escalation);
      const stored = await store().escalations.get(escalation.id);
      expect(stored).toEqual(escalation);
      expect(stored).not.toHaveProperty('turnId');
      expect(stored).not.toHaveProperty('answer');
    });

    it('returns undefined when the id is unknown', async () => {
      expect(await store().escalations.get('missing')).toBeUndefined();
    });
  });

  describe('list', () => {
    it('filters by status, newest first, with a limit', async () => {
      await store().escalations.insert(buildEscalation({ id: 'e1', createdAt: minutesIn(1) }));
      await store().escalations.insert(
        buildEscalation({ id: 'e2', createdAt: minutesIn(2), status: 'resolved' }),
      );
      await store().escalations.insert(buildEscalation({ id: 'e3', createdAt: minutesIn(3) }));
      await store().escalations.insert(
        buildEscalation({ id: 'e4', createdAt: minutesIn(4), status: 'answered' }),
      );
      expect((await store().escalations.list({ status: 'open' })).map((e) => e.id)).toEqual(['e3', 'e1']);
      expect((await store().escalations.list({})).map((e) => e.id)).toEqual(['e4', 'e3', 'e2', 'e1']);
      expect((await store().escalations.list({ limit: 1 })).map((e) => e.id)).toEqual(['e4']);
    });
  });

  describe('update', () => {
    it('returns the updated record and persists the changes', async () => {
      const escalation = buildEscalation();
      await store().escalations.insert(escalation);
      const updated = await store().escalations.update(escalation.id, {
        status: 'answered',
        answer: 'Yes, up to 300 EUR.',
        answeredBy: 'hr-1',
        updatedAt: minutesIn(90),
      });
      const expected = {
        ...escalation,
        status: 'answered',
        answer: 'Yes, up to 300 EUR.',
        answeredBy: 'hr-1',
        updatedAt: minutesIn(90),
      };
      expect(updated).toEqual(expected);
      expect(await store().escalations.get(escalation.id)).toEqual(expected);
    });

    it('changes only the fields given', async () => {
      const escalation = buildEscalation({ status: 'answered', answer: 'Yes.', answeredBy: 'hr-1' });
      await store().escalations.insert(escalation);
      const updated = await store().escalations.update(escalation.id, {
        status: 'resolved',
        updatedAt: minutesIn(100),
      });
      expect(updated).toEqual({ ...escalation, status: 'resolved', updatedAt: minutesIn(100) });
    });

    it('returns undefined when the id is unknown', async () => {
      expect(
        await store().escalations.update('missing', { status: 'resolved', updatedAt: minutesIn(1) }),
      ).toBeUndefined();
    });
  });
});
