import type { Kysely } from 'kysely';
import type { AuditEvent, AuditRepository, AuditVerification, DateRange } from '../core/ports.js';
import { chainHash, GENESIS_HASH } from './audit-chain.js';
import { fromEpochMs, fromJson, toEpochMs, toJson, toNullable } from './columns.js';
import type { Database } from './database.js';

const MAX_APPEND_ATTEMPTS = 20;
const VERIFY_PAGE = 1000;

/** The audit trail in SQL. `list` returns the newest first; `since` is inclusive, `until` exclusive. */
export function createAuditRepository(db: Kysely<Database>): AuditRepository {
  return {
    async append(event: AuditEvent): Promise<void> {
      const fields = {
        id: event.id,
        at: toEpochMs(event.at),
        actor: event.actor,
        action: event.action,
        subject: toNullable(event.subject),
        details: toJson(event.details),
      };
      // Another writer (process) may take the next number first; the unique index refuses
      // the second insert, and it links to the new head instead.
      for (let attempt = 1; ; attempt++) {
        const head = await db
          .selectFrom('audit_events')
          .select(['seq', 'hash'])
          .where('seq', 'is not', null)
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        const seq = head ? Number(head.seq) + 1 : 1;
        const previous = head?.hash ?? GENESIS_HASH;
        const hash = chainHash(previous, { ...fields, seq });
        try {
          await db
            .insertInto('audit_events')
            .values({ ...fields, seq, prev_hash: previous, hash })
            .execute();
          return;
        } catch (error) {
          if (attempt >= MAX_APPEND_ATTEMPTS) throw error;
        }
      }
    },

    async verify(): Promise<AuditVerification> {
      let previous = GENESIS_HASH;
      let expectedSeq = 1;
      let checked = 0;
      for (;;) {
        const rows = await db
          .selectFrom('audit_events')
          .selectAll()
          .where('seq', '>=', expectedSeq)
          .orderBy('seq')
          .limit(VERIFY_PAGE)
          .execute();
        if (rows.length === 0) break;
        for (const row of rows) {
          const seq = Number(row.seq);
          const broken = (reason: string): AuditVerification => ({
            ok: false,
            checked,
            brokenAt: { seq, id: row.id, reason },
          });
          if (seq !== expectedSeq) return broken(`record #${expectedSeq} is missing`);
          if (row.prev_hash !== previous) return broken('it does not link to the record before it');
          const hash = chainHash(previous, {
            seq,
            id: row.id,
            at: Number(row.at),
            actor: row.actor,
            action: row.action,
            subject: row.subject,
            details: row.details,
          });
          if (row.hash !== hash) return broken('its contents were changed after it was written');
          previous = hash;
          expectedSeq++;
          checked++;
        }
      }
      const unchained = await db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('seq', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(unchained.n) > 0) {
        return {
          ok: false,
          checked,
          brokenAt: { seq: expectedSeq, id: '', reason: `${unchained.n} records are outside the chain` },
        };
      }
      return { ok: true, checked };
    },

    async list(range: DateRange & { limit?: number }): Promise<AuditEvent[]> {
      let query = db.selectFrom('audit_events').selectAll();
      if (range.since !== undefined) query = query.where('at', '>=', toEpochMs(range.since));
      if (range.until !== undefined) query = query.where('at', '<', toEpochMs(range.until));
      if (range.limit !== undefined) query = query.limit(range.limit);
      const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').execute();
      return rows.map((row) => {
        const event: AuditEvent = {
          id: row.id,
          at: fromEpochMs(row.at),
          actor: row.actor,
          action: row.action,
          details: fromJson<Record<string, unknown>>(row.details),
        };
        if (row.subject !== null) event.subject = row.subject;
        return event;
      });
    },
  };
}
