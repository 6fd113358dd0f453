import { type Kysely, sql } from 'kysely';
import { type ChainedFields, type ChainHasher, GENESIS_HASH, unkeyedChainHash } from './audit-chain.js';
import type { Database } from './database.js';
import type { SqlDialect } from './sql-dialect.js';

/** The most records linked and written in one transaction. */
const APPEND_BATCH = 500;
/** The PostgreSQL advisory lock that makes replicas take turns at the chain's head. */
const CHAIN_HEAD_LOCK = 0x4c756d656e41;

/** An audit row before it is linked into the chain. */
export type UnchainedRow = Omit<ChainedFields, 'seq'>;

/**
 * Links records to the chain's head one writer at a time: records waiting in this process
 * are written together in one transaction, and other processes wait on a database lock
 * (an advisory lock on PostgreSQL, a write transaction on SQLite), so no record is refused
 * however many replicas write at once.
 */
/** The newest chained record's place and hash; undefined for an empty chain. */
export async function readChainHead(
  db: Kysely<Database>,
): Promise<{ seq: number; hash: string | null } | undefined> {
  const row = await db
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .where('seq', 'is not', null)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
}

export class ChainAppender {
  private waiting: { row: UnchainedRow; done: (error?: unknown) => void }[] = [];
  private writing = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
    private readonly hash: ChainHasher,
  ) {}

  append(row: UnchainedRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.writing) void this.drain();
    });
  }

  /**
   * When the head was hashed before the chain was keyed (an older Lumen wrote it), appends
   * `marker` naming the last such record, so verification knows where keyed hashes begin.
   * True when it did.
   */
  async markUnkeyedRecords(marker: (unkeyedThroughSeq: number) => UnchainedRow): Promise<boolean> {
    let marked = false;
    await this.underHeadLock(async (db) => {
      const head = await db
        .selectFrom('audit_events')
        .selectAll()
        .where('seq', 'is not', null)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!head?.hash || head.prev_hash === null) return;
      const fields: ChainedFields = { ...head, seq: Number(head.seq), at: Number(head.at) };
      if (this.hash(head.prev_hash, fields) === head.hash) return;
      if (unkeyedChainHash(head.prev_hash, fields) !== head.hash) return;
      await this.link(db, [marker(fields.seq)]);
      marked = true;
    });
    return marked;
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, APPEND_BATCH);
      try {
        await this.underHeadLock((db) =>
          this.link(
            db,
            batch.map((entry) => entry.row),
          ),
        );
        for (const entry of batch) entry.done();
      } catch (error) {
        for (const entry of batch) entry.done(error);
      }
    }
    this.writing = false;
  }

  private async link(db: Kysely<Database>, rows: UnchainedRow[]): Promise<void> {
    const head = await readChainHead(db);
    let seq = head ? head.seq : 0;
    let previous = head?.hash ?? GENESIS_HASH;
    const chained = rows.map((row) => {
      seq++;
      const hash = this.hash(previous, { ...row, seq });
      const linked = { ...row, seq, prev_hash: previous, hash };
      previous = hash;
      return linked;
    });
    await db.insertInto('audit_events').values(chained).execute();
  }

  private underHeadLock(work: (db: Kysely<Database>) => Promise<void>): Promise<void> {
    if (this.dialect === 'postgresql') {
      return this.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${CHAIN_HEAD_LOCK})`.execute(trx);
        await work(trx);
      });
    }
    // BEGIN IMMEDIATE takes SQLite's write lock before reading the head; another process
    // holding it makes this one wait (busy timeout) instead of failing at commit.
    return this.db.connection().execute(async (connection) => {
      await sql`begin immediate`.execute(connection);
      try {
        await work(connection);
        await sql`commit`.execute(connection);
      } catch (error) {
        await sql`rollback`.execute(connection);
        throw error;
      }
    });
  }
}
