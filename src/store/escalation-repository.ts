import type { Kysely, Updateable } from 'kysely';
import type { EscalationRecord, EscalationRepository, EscalationStatus } from '../core/ports.js';
import { toEpochMs, toNullable } from './columns.js';
import type { Database, EscalationTable } from './database.js';
import { fromEscalationRow, toEscalationRow } from './escalation-mapper.js';

type EscalationChanges = Partial<Pick<EscalationRecord, 'status' | 'answer' | 'answeredBy'>> & {
  updatedAt: Date;
};

/** Escalations in SQL. `list` returns the newest first; `update` clears a field passed as `undefined`. */
export function createEscalationRepository(db: Kysely<Database>): EscalationRepository {
  return {
    async insert(escalation: EscalationRecord): Promise<void> {
      await db.insertInto('escalations').values(toEscalationRow(escalation)).execute();
    },

    async get(id: string): Promise<EscalationRecord | undefined> {
      const row = await db.selectFrom('escalations').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : fromEscalationRow(row);
    },

    async list(filter: { status?: EscalationStatus; limit?: number }): Promise<EscalationRecord[]> {
      let query = db.selectFrom('escalations').selectAll();
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(fromEscalationRow);
    },

    async update(id: string, changes: EscalationChanges): Promise<EscalationRecord | undefined> {
      const set: Updateable<EscalationTable> = { updated_at: toEpochMs(changes.updatedAt) };
      if ('status' in changes && changes.status !== undefined) set.status = changes.status;
      if ('answer' in changes) set.answer = toNullable(changes.answer);
      if ('answeredBy' in changes) set.answered_by = toNullable(changes.answeredBy);
      const row = await db
        .updateTable('escalations')
        .set(set)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? undefined : fromEscalationRow(row);
    },
  };
}
