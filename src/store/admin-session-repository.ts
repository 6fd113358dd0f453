import type { Kysely } from 'kysely';
import type { AdminSessionRecord, AdminSessionRepository } from '../core/ports.js';
import { fromEpochMs, toEpochMs } from './columns.js';
import type { Database } from './database.js';

/** Admin sessions in SQL, so a sign-in holds on every replica and sign-out ends it everywhere. */
export function createAdminSessionRepository(db: Kysely<Database>): AdminSessionRepository {
  return {
    async insert(session) {
      await db
        .insertInto('admin_sessions')
        .values({
          id_hash: session.idHash,
          actor: session.actor,
          created_at: toEpochMs(session.createdAt),
          expires_at: toEpochMs(session.expiresAt),
        })
        .execute();
    },

    async get(idHash, now) {
      const row = await db
        .selectFrom('admin_sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .where('expires_at', '>', toEpochMs(now))
        .executeTakeFirst();
      if (!row) return undefined;
      const session: AdminSessionRecord = {
        idHash: row.id_hash,
        actor: row.actor,
        createdAt: fromEpochMs(row.created_at),
        expiresAt: fromEpochMs(row.expires_at),
      };
      return session;
    },

    async delete(idHash) {
      await db.deleteFrom('admin_sessions').where('id_hash', '=', idHash).execute();
    },

    async deleteExpired(now) {
      const result = await db
        .deleteFrom('admin_sessions')
        .where('expires_at', '<=', toEpochMs(now))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
