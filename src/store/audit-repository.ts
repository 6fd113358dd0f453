import type { Kysely } from 'kysely';
import type { AuditEvent, AuditRepository, DateRange } from '../core/ports.js';
import { fromEpochMs, fromJson, toEpochMs, toJson, toNullable } from './columns.js';
import type { Database } from './database.js';

/** The audit trail in SQL. `list` returns the newest first; `since` is inclusive, `until` exclusive. */
export function createAuditRepository(db: Kysely<Database>): AuditRepository {
  return {
    async append(event: AuditEvent): Promise<void> {
      await db
        .insertInto('audit_events')
        .values({
          id: event.id,
          at: toEpochMs(event.at),
          actor: event.actor,
          action: event.action,
          subject: toNullable(event.subject),
          details: toJson(event.details),
        })
        .execute();
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
