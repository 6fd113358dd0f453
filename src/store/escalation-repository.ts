import type { Kysely, Updateable } from 'kysely';
import type {
  DateRange,
  EscalationChanges,
  EscalationRecord,
  EscalationRepository,
  EscalationStatus,
} from '../core/ports.js';
import { toEpochMs, toJson, toNullable } from './columns.js';
import type { Database, EscalationTable } from './database.js';
import { fromEscalationRow, toEscalationRow } from './escalation-mapper.js';

type EscalationFilter = DateRange & {
  status?: EscalationStatus;
  turnId?: string;
  conversationKey?: string;
  limit?: number;
};

const optionalDate = (date: Date | undefined) => (date === undefined ? null : toEpochMs(date));

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

    async list(filter: EscalationFilter): Promise<EscalationRecord[]> {
      let query = db.selectFrom('escalations').selectAll();
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.turnId !== undefined) query = query.where('turn_id', '=', filter.turnId);
      if (filter.conversationKey !== undefined)
        query = query.where('conversation_key', '=', filter.conversationKey);
      if (filter.since !== undefined) query = query.where('created_at', '>=', toEpochMs(filter.since));
      if (filter.until !== undefined) query = query.where('created_at', '<', toEpochMs(filter.until));
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(fromEscalationRow);
    },

    async update(id: string, changes: EscalationChanges): Promise<EscalationRecord | undefined> {
      const set: Updateable<EscalationTable> = { updated_at: toEpochMs(changes.updatedAt) };
      if ('status' in changes && changes.status !== undefined) set.status = changes.status;
      if ('answer' in changes) set.answer = toNullable(changes.answer);
      if ('answeredBy' in changes) set.answered_by = toNullable(changes.answeredBy);
      if ('queue' in changes) set.queue = toNullable(changes.queue);
      if ('transcript' in changes && changes.transcript) set.transcript = toJson(changes.transcript);
      if ('claimedBy' in changes) set.claimed_by = toNullable(changes.claimedBy);
      if ('claimedAt' in changes) set.claimed_at = optionalDate(changes.claimedAt);
      if ('resolvedAt' in changes) set.resolved_at = optionalDate(changes.resolvedAt);
      if ('remindedAt' in changes) set.reminded_at = optionalDate(changes.remindedAt);
      if ('helped' in changes) set.helped = changes.helped === undefined ? null : changes.helped ? 1 : 0;
      if ('externalRef' in changes) set.external_ref = toNullable(changes.externalRef);
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
