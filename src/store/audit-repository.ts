import { type Kysely, sql } from 'kysely';
import {
  AUDIT_RETENTION_ACTION,
  type AuditEvent,
  type AuditRepository,
  type AuditVerification,
  type DateRange,
} from '../core/ports.js';
import { type ChainedFields, chainHash, GENESIS_HASH } from './audit-chain.js';
import { fromEpochMs, fromJson, toEpochMs, toJson, toNullable } from './columns.js';
import type { Database } from './database.js';
import type { SqlDialect } from './sql-dialect.js';

const VERIFY_PAGE = 1000;
/** The most records linked and written in one transaction. */
const APPEND_BATCH = 500;
/** The PostgreSQL advisory lock that makes replicas take turns at the chain's head. */
const CHAIN_HEAD_LOCK = 0x4c756d656e41;

type UnchainedRow = Omit<ChainedFields, 'seq'>;

/** The audit trail in SQL. `list` returns the newest first; `since` is inclusive, `until` exclusive. */
export function createAuditRepository(db: Kysely<Database>, dialect: SqlDialect): AuditRepository {
  const appender = new ChainAppender(db, dialect);
  const append = (event: AuditEvent): Promise<void> =>
    appender.append({
      id: event.id,
      at: toEpochMs(event.at),
      actor: event.actor,
      action: event.action,
      subject: toNullable(event.subject),
      details: toJson(event.details),
    });

  /** Where verification starts: the first record, or the first kept after retention, with the hash it links to. */
  async function chainStart(): Promise<
    { seq: number; previous: string } | { brokenAt: NonNullable<AuditVerification['brokenAt']> }
  > {
    const first = await db
      .selectFrom('audit_events')
      .select(['seq', 'id', 'prev_hash'])
      .where('seq', 'is not', null)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    const seq = first ? Number(first.seq) : 1;
    if (!first || seq === 1) return { seq: 1, previous: GENESIS_HASH };
    const notices = await db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', AUDIT_RETENTION_ACTION)
      .execute();
    const accounted = notices
      .map((row) => fromJson<{ throughSeq?: number; throughHash?: string }>(row.details))
      .find((notice) => notice.throughSeq === seq - 1);
    if (!accounted?.throughHash) {
      const reason = `records #1 to #${seq - 1} are missing and no retention record accounts for them`;
      return { brokenAt: { seq, id: first.id, reason } };
    }
    return { seq, previous: accounted.throughHash };
  }

  return {
    append,

    async expireBefore(before: Date, keepActors: readonly string[], notice: AuditEvent): Promise<number> {
      const head = await db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst();
      const keep = db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.min('seq').as('seq'))
        .where('seq', 'is not', null)
        .where((eb) =>
          keepActors.length > 0
            ? eb.or([eb('at', '>=', toEpochMs(before)), eb('actor', 'in', [...keepActors])])
            : eb('at', '>=', toEpochMs(before)),
        );
      const firstKept = Number((await keep.executeTakeFirst())?.seq ?? Number.POSITIVE_INFINITY);
      // The newest record always stays: the next one links to it.
      const throughSeq = Math.min(firstKept, Number(head?.seq ?? 0)) - 1;
      const last = await db
        .selectFrom('audit_events')
        .select('hash')
        .where('seq', '=', throughSeq)
        .executeTakeFirst();
      if (!last?.hash) return 0;
      // Announced before removing: a crash in between leaves a notice for records still there.
      await append({ ...notice, details: { ...notice.details, throughSeq, throughHash: last.hash } });
      const removed = await db.deleteFrom('audit_events').where('seq', '<=', throughSeq).executeTakeFirst();
      return Number(removed.numDeletedRows);
    },

    async verify(): Promise<AuditVerification> {
      const start = await chainStart();
      if ('brokenAt' in start) return { ok: false, checked: 0, brokenAt: start.brokenAt };
      let previous = start.previous;
      let expectedSeq = start.seq;
      let checked = 0;
      const kept = start.seq > 1 ? { keptFrom: start.seq } : {};
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
            ...kept,
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
      return { ok: true, checked, ...kept };
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

/**
 * Links records to the chain's head one writer at a time: records waiting in this process
 * are written together in one transaction, and other processes wait on a database lock
 * (an advisory lock on PostgreSQL, a write transaction on SQLite), so no record is refused
 * however many replicas write at once.
 */
class ChainAppender {
  private waiting: { row: UnchainedRow; done: (error?: unknown) => void }[] = [];
  private writing = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
  ) {}

  append(row: UnchainedRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.writing) void this.drain();
    });
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
    const head = await db
      .selectFrom('audit_events')
      .select(['seq', 'hash'])
      .where('seq', 'is not', null)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    let seq = head ? Number(head.seq) : 0;
    let previous = head?.hash ?? GENESIS_HASH;
    const chained = rows.map((row) => {
      seq++;
      const hash = chainHash(previous, { ...row, seq });
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
