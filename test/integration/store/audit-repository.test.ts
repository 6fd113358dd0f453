import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openStore, type StoreOptions } from '../../../src/store/index.js';
import { appendPlainRecord, readAuditRows, relinkWithPlainHashes } from './audit-forgery.js';
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

    it('keeps one chain while another process appends hundreds of records at the same time', async () => {
      let otherDone = false;
      const other = appendFromAnotherProcess(options(), 300).finally(() => {
        otherDone = true;
      });
      other.catch(() => undefined); // awaited below; a failure here must not go unhandled first
      // Appends here go on for as long as the other process runs, so the two always overlap.
      // SQLite answers without I/O, so each round yields to let the child's exit be seen.
      let ours = 0;
      while (!otherDone) {
        await new Promise((resolve) => setImmediate(resolve));
        await Promise.all(
          Array.from({ length: 20 }, () => store().audit.append(buildAuditEvent({ id: `this-${ours++}` }))),
        );
      }
      await other;
      expect(await store().audit.verify()).toEqual({ ok: true, checked: 300 + ours });
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

  describe('keyed hashes', () => {
    async function appendFive() {
      for (let i = 0; i < 5; i++) {
        await store().audit.append(buildAuditEvent({ id: `k${i}`, at: minutesIn(i), details: { n: i } }));
      }
    }

    it('catches a changed record even when every later hash was recomputed', async () => {
      await appendFive();
      await backend.execute(options(), `UPDATE audit_events SET details = '{"n":99}' WHERE id = 'k2'`);
      await relinkWithPlainHashes(backend, options(), 3);
      expect(await store().audit.verify()).toEqual({
        ok: false,
        checked: 2,
        brokenAt: { seq: 3, id: 'k2', reason: 'its contents were changed after it was written' },
      });
    });

    it('refuses to open with a key other than the one the trail is written with', async () => {
      await appendFive();
      await expect(
        openStore({ ...options(), auditKey: 'another-key-another-key-another-key' }),
      ).rejects.toThrow(
        /The audit key is not the one this store's audit trail is written with.*Set LUMEN_AUDIT_KEY/,
      );
      expect(await store().audit.verify()).toEqual({ ok: true, checked: 5 });
    });

    it('catches old records deleted behind a forged retention record', async () => {
      await appendFive();
      const [, second, third] = await readAuditRows(backend, options());
      await backend.execute(options(), 'DELETE FROM audit_events WHERE seq <= 2');
      await appendPlainRecord(backend, options(), {
        id: 'forged-notice',
        at: minutesIn(50).getTime(),
        actor: 'retention',
        action: 'audit.retention',
        details: JSON.stringify({ throughSeq: second?.seq, throughHash: third?.prev_hash }),
      });
      const result = await store().audit.verify();
      expect(result.ok).toBe(false);
      expect(result.brokenAt).toMatchObject({ seq: 6, id: 'forged-notice' });
    });
  });

  describe('head recorded outside the store', () => {
    async function appendFive() {
      for (let i = 0; i < 5; i++)
        await store().audit.append(buildAuditEvent({ id: `h${i}`, at: minutesIn(i) }));
    }

    it('verifies the chain up to a head printed earlier, and on past it', async () => {
      await appendFive();
      const head = await store().audit.head();
      expect(head).toEqual({ seq: 5, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      await store().audit.append(buildAuditEvent({ id: 'later' }));
      expect(await store().audit.verify({ head: head! })).toEqual({ ok: true, checked: 6 });
    });

    it('catches the newest records deleted, which the chain alone cannot show', async () => {
      await appendFive();
      const head = await store().audit.head();
      await backend.execute(options(), 'DELETE FROM audit_events WHERE seq >= 4');
      expect(await store().audit.verify()).toEqual({ ok: true, checked: 3 });
      expect(await store().audit.verify({ head: head! })).toEqual({
        ok: false,
        checked: 3,
        brokenAt: {
          seq: 4,
          id: '',
          reason:
            'records #4 to #5 are missing: the head recorded outside the store is #5, so the trail was cut short',
        },
      });
    });

    it('catches a head record that differs from the one recorded', async () => {
      await appendFive();
      const head = await store().audit.head();
      const result = await store().audit.verify({ head: { seq: head!.seq, hash: 'a'.repeat(64) } });
      expect(result).toEqual({
        ok: false,
        checked: 4,
        brokenAt: {
          seq: 5,
          id: 'h4',
          reason: 'it differs from the head recorded outside the store, so the trail was rewritten',
        },
      });
    });

    it('says so when retention has removed the recorded head', async () => {
      await appendFive();
      const head = await store().audit.head();
      for (let i = 5; i < 8; i++)
        await store().audit.append(buildAuditEvent({ id: `h${i}`, at: minutesIn(i) }));
      await store().audit.expireBefore(
        minutesIn(7),
        [],
        buildAuditEvent({ id: 'notice', action: 'audit.retention', actor: 'retention', at: minutesIn(100) }),
      );
      const result = await store().audit.verify({ head: head! });
      expect(result.ok).toBe(false);
      expect(result.brokenAt?.reason).toBe(
        'the head recorded outside the store (#5) was removed by retention; verify against a head recorded after #7',
      );
    });
  });

  describe('chains written before the hashes were keyed', () => {
    /** Turns the current chain into one written by an older Lumen: plain SHA-256 throughout. */
    async function makeLegacy() {
      for (let i = 0; i < 3; i++)
        await store().audit.append(buildAuditEvent({ id: `old${i}`, at: minutesIn(i) }));
      await relinkWithPlainHashes(backend, options(), 1);
    }

    it('keeps verifying after the upgrade, which is recorded in the trail', async () => {
      await makeLegacy();
      const upgraded = await openStore(options());
      try {
        await upgraded.audit.append(buildAuditEvent({ id: 'new', at: minutesIn(10) }));
        expect(await upgraded.audit.verify()).toEqual({ ok: true, checked: 5 });
        const actions = (await upgraded.audit.list({})).map((e) => e.action);
        expect(actions).toContain('audit.chain-keyed');
      } finally {
        await upgraded.close();
      }
      // A second start does not record the upgrade again.
      const again = await openStore(options());
      try {
        const keyedRecords = (await again.audit.list({})).filter((e) => e.action === 'audit.chain-keyed');
        expect(keyedRecords).toHaveLength(1);
      } finally {
        await again.close();
      }
    });

    it('still catches a rewritten older record, because the first keyed record links to it', async () => {
      await makeLegacy();
      await (await openStore(options())).close();
      await backend.execute(options(), `UPDATE audit_events SET actor = 'someone-else' WHERE id = 'old1'`);
      await relinkWithPlainHashes(backend, options(), 2);
      const result = await store().audit.verify();
      expect(result).toMatchObject({ ok: false, brokenAt: { seq: 4 } });
    });
  });

  describe('retention', () => {
    const notice = () =>
      buildAuditEvent({
        id: `notice-${Math.random()}`,
        action: 'audit.retention',
        actor: 'retention',
        at: minutesIn(100),
      });

    async function appendTen() {
      for (let i = 0; i < 10; i++) {
        await store().audit.append(
          buildAuditEvent({ id: `r${i}`, at: minutesIn(i), actor: i === 6 ? 'u-held' : 'u-1' }),
        );
      }
    }

    it('removes the oldest records and still verifies from the first one kept', async () => {
      await appendTen();
      expect(await store().audit.expireBefore(minutesIn(4), [], notice())).toBe(4);
      const ids = (await store().audit.list({})).map((e) => e.id);
      expect(ids).not.toContain('r3');
      expect(ids).toContain('r4');
      expect(await store().audit.verify()).toEqual({ ok: true, checked: 7, keptFrom: 5 });
      // Later records link on as before.
      await store().audit.append(buildAuditEvent({ id: 'after' }));
      expect(await store().audit.verify()).toMatchObject({ ok: true, checked: 8 });
    });

    it('stops at the first record of someone under legal hold, and never removes the newest', async () => {
      await appendTen();
      expect(await store().audit.expireBefore(minutesIn(9), ['u-held'], notice())).toBe(6);
      expect(await store().audit.verify()).toMatchObject({ ok: true, keptFrom: 7 });
      expect(await store().audit.expireBefore(minutesIn(1000), [], notice())).toBeGreaterThan(0);
      const left = await store().audit.list({});
      expect(left.length).toBeGreaterThanOrEqual(1);
      expect(await store().audit.verify()).toMatchObject({ ok: true });
    });

    it('tells records removed by retention from records removed by someone else', async () => {
      await appendTen();
      await store().audit.expireBefore(minutesIn(4), [], notice());
      await backend.execute(options(), `DELETE FROM audit_events WHERE id = 'r4'`);
      expect(await store().audit.verify()).toEqual({
        ok: false,
        checked: 0,
        brokenAt: {
          seq: 6,
          id: 'r5',
          reason: 'records #1 to #5 are missing and no retention record accounts for them',
        },
      });
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

/** Runs processes/append-audit.ts in its own Node process against the same database. */
async function appendFromAnotherProcess(location: StoreOptions, count: number): Promise<void> {
  const script = fileURLToPath(new URL('./processes/append-audit.ts', import.meta.url));
  await promisify(execFile)(process.execPath, [
    '--import',
    'tsx',
    script,
    JSON.stringify(location),
    String(count),
  ]);
}
