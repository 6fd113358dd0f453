import type { Kysely, Selectable, Updateable } from 'kysely';
import type { CuratedEntry, CuratedRepository } from '../core/ports.js';
import { fromEpochMs, fromJson, toEpochMs, toJson } from './columns.js';
import type { CuratedEntryTable, Database } from './database.js';

function fromRow(row: Selectable<CuratedEntryTable>): CuratedEntry {
  const entry: CuratedEntry = {
    id: row.id,
    question: row.question,
    answer: row.answer,
    acl: fromJson<string[]>(row.acl),
    status: row.status as CuratedEntry['status'],
    proposedBy: row.proposed_by,
    createdAt: fromEpochMs(row.created_at),
    updatedAt: fromEpochMs(row.updated_at),
  };
  if (row.escalation_id !== null) entry.escalationId = row.escalation_id;
  if (row.reviewed_by !== null) entry.reviewedBy = row.reviewed_by;
  return entry;
}

/** Curated Q&A entries in SQL; `list` returns the newest first. */
export function createCuratedRepository(db: Kysely<Database>): CuratedRepository {
  return {
    async insert(entry) {
      await db
        .insertInto('curated_entries')
        .values({
          id: entry.id,
          escalation_id: entry.escalationId ?? null,
          question: entry.question,
          answer: entry.answer,
          acl: toJson(entry.acl),
          status: entry.status,
          proposed_by: entry.proposedBy,
          reviewed_by: entry.reviewedBy ?? null,
          created_at: toEpochMs(entry.createdAt),
          updated_at: toEpochMs(entry.updatedAt),
        })
        .execute();
    },

    async get(id) {
      const row = await db.selectFrom('curated_entries').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async list(filter) {
      let query = db.selectFrom('curated_entries').selectAll();
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(fromRow);
    },

    async update(id, changes) {
      const set: Updateable<CuratedEntryTable> = { updated_at: toEpochMs(changes.updatedAt) };
      if (changes.status !== undefined) set.status = changes.status;
      if (changes.reviewedBy !== undefined) set.reviewed_by = changes.reviewedBy;
      if (changes.answer !== undefined) set.answer = changes.answer;
      if (changes.acl !== undefined) set.acl = toJson(changes.acl);
      const row = await db
        .updateTable('curated_entries')
        .set(set)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },
  };
}
