import { describe, expect, it } from 'vitest';
import { buildAuditEvent, minutesIn } from './fixtures.js';
import { storeBackends, useFreshStore } from './store-backends.js';

describe.each(storeBackends)('AuditRepository ($name)', (backend) => {
  const { store, options } = useFreshStore(backend);

  describe('tamper evidence', () => {
    async function appendFive() {
      for (let i = 0; i < 5; i++) {
        await store().audit.append(buildAuditEvent({ id: `e${i}`, at: minutesIn(i), details: { n: i } }));
      }
    }

    it('verifies an untouched chain', async () => {
      await appendFive();
      expect(await store().audit.verify()).toEqual({ ok: true, checked: 5 });
    });

    it('verifies concurrent appends as one unbroken chain', async () => {
      await Promise.all(
        Array.from({ length: 12 }, (_, i) => store().audit.append(buildAuditEvent({ id: `c${i}` }))),
      );
      expect(await store().audit.verify()).toEqual({ ok: true, checked: 12 });
    });

    it('finds a record whose contents were changed', async () => {
      await appendFive();
      await backend.execute(options(), `UPDATE audit_events SET details = '{"n":99}' WHERE id = 'e2'`);
      expect(await store().audit.verify()).toEqual({
        ok: false,
        checked: 2,
        brokenAt: { seq: 3, id: 'e2', reason: 'its contents were changed after it was written' },
      });
    });

    it('finds a record that was deleted', async () => {
      await appendFive();
      await backend.execute(options(), `DELETE FROM audit_events WHERE id = 'e1'`);
      const result = await store().audit.verify();
      expect(result.ok).toBe(false);
      expect(result.brokenAt).toEqual({ seq: 3, id: 'e2', reason: 'record #2 is missing' });
    });

    it('finds a record rewritten with a fresh hash, because the next one no longer links to it', async () => {
      await appendFive();
      await backend.execute(
        options(),
        `UPDATE audit_events SET actor = 'someone-else', hash = '${'f'.repeat(64)}' WHERE id = 'e3'`,
      );
      const result = await store().audit.verify();
      expect(result.ok).toBe(false);
      expect(result.brokenAt?.seq).toBe(4);
    });
  });

  describe('append and list', () => {
    it('stores events with their details and optional subject', async () => {
      const event = buildAuditEvent();
      const withoutSubject = buildAuditEvent({ at: minutesIn(5000) });
      delete withoutSubject.subject;
      await store().audit.append(event);
      await store().audit.append(withoutSubject);
      const listed = await store().audit.list({});
      expect(listed).toEqual([withoutSubject, event]);
      expect(listed[0]).not.toHaveProperty('subject');
    });

    it('filters by date range (since inclusive, until exclusive), newest first, with a limit', async () => {
      for (let i = 0; i < 5; i++) {
        await store().audit.append(buildAuditEvent({ id: `a${i}`, at: minutesIn(i * 10) }));
      }
      const inRange = await store().audit.list({ since: minutesIn(10), until: minutesIn(30) });
      expect(inRange.map((e) => e.id)).toEqual(['a2', 'a1']);
      expect((await store().audit.list({ limit: 2 })).map((e) => e.id)).toEqual(['a4', 'a3']);
    });
  });
});
