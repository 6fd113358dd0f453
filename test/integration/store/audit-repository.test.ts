import { describe, expect, it } from 'vitest';
import { buildAuditEvent, minutesIn } from './fixtures.js';
import { storeBackends, useFreshStore } from './store-backends.js';

describe.each(storeBackends)('AuditRepository ($name)', (backend) => {
  const { store } = useFreshStore(backend);

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
