import { type Kysely, type Migration, sql } from 'kysely';
import { GENESIS_HASH, unkeyedChainHash } from '../audit-chain.js';

/**
 * Makes the audit trail tamper-evident: each record gets a sequence number and the hash of
 * the previous record. Records written before this migration are chained in time order.
 * (Plain SHA-256: the key arrived later; the store marks where such records end.)
 */
export function auditChainMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('audit_events').addColumn('seq', 'bigint').execute();
      await db.schema.alterTable('audit_events').addColumn('prev_hash', 'text').execute();
      await db.schema.alterTable('audit_events').addColumn('hash', 'text').execute();
      const rows = await sql<{
        id: string;
        at: string | number;
        actor: string;
        action: string;
        subject: string | null;
        details: string;
      }>`select id, at, actor, action, subject, details from audit_events order by at, id`.execute(db);
      let previous = GENESIS_HASH;
      let seq = 0;
      for (const row of rows.rows) {
        seq++;
        const hash = unkeyedChainHash(previous, { ...row, seq, at: Number(row.at) });
        await sql`update audit_events set seq = ${seq}, prev_hash = ${previous}, hash = ${hash} where id = ${row.id}`.execute(
          db,
        );
        previous = hash;
      }
      await db.schema.createIndex('audit_events_seq_idx').unique().on('audit_events').column('seq').execute();
    },
  };
}
