import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ConfigError } from '../core/errors.js';
import {
  AUDIT_RETENTION_ACTION,
  type AuditEvent,
  type AuditHead,
  type AuditRepository,
  type AuditVerification,
  type DateRange,
} from '../core/ports.js';
import { ChainAppender, readChainHead } from './audit-appender.js';
import {
  auditKeyCheck,
  CHAIN_KEYED_ACTION,
  GENESIS_HASH,
  keyedChainHash,
  unkeyedChainHash,
} from './audit-chain.js';
import { fromEpochMs, fromJson, toEpochMs, toJson, toNullable } from './columns.js';
import type { Database } from './database.js';
import type { SqlDialect } from './sql-dialect.js';

const VERIFY_PAGE = 1000;

type BrokenAt = NonNullable<AuditVerification['brokenAt']>;

/** The setting holding `auditKeyCheck` of the key the trail is written with. */
const KEY_CHECK_SETTING = 'audit.key_check';

/**
 * Run once when the store opens. Refuses a key other than the one the trail was written with
 * (records hashed with it would break the chain), recording the key's check the first time.
 * When the newest record was hashed before the chain was keyed, records where keyed hashes
 * begin: the records before keep their plain hashes and cannot be rewritten unnoticed
 * either, since the first keyed record covers the last one's hash.
 */
export async function prepareAuditChain(
  db: Kysely<Database>,
  dialect: SqlDialect,
  key: string,
): Promise<void> {
  const check = auditKeyCheck(key);
  await db
    .insertInto('settings')
    .values({ key: KEY_CHECK_SETTING, value: toJson(check), updated_by: 'lumen', updated_at: Date.now() })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute();
  const stored = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', KEY_CHECK_SETTING)
    .executeTakeFirst();
  if (stored && fromJson<string>(stored.value) !== check) {
    throw new ConfigError(
      "The audit key is not the one this store's audit trail is written with, so records written now would break the chain. Set LUMEN_AUDIT_KEY to the key the other Lumen processes use (or copy their audit.key into this data directory).",
    );
  }
  await new ChainAppender(db, dialect, keyedChainHash(key)).markUnkeyedRecords((unkeyedThroughSeq) => ({
    id: randomUUID(),
    at: Date.now(),
    actor: 'lumen',
    action: CHAIN_KEYED_ACTION,
    subject: null,
    details: toJson({ unkeyedThroughSeq }),
  }));
}

/**
 * The audit trail in SQL, its chain keyed with `key`. `list` returns the newest first;
 * `since` is inclusive, `until` exclusive.
 */
export function createAuditRepository(
  db: Kysely<Database>,
  dialect: SqlDialect,
  key: string,
): AuditRepository {
  const keyedHash = keyedChainHash(key);
  const appender = new ChainAppender(db, dialect, keyedHash);
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
  async function chainStart(): Promise<{ seq: number; previous: string } | { brokenAt: BrokenAt }> {
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

  /** The last record hashed before the chain was keyed (0 when none), from the record marking it. */
  async function unkeyedThrough(): Promise<{ seq: number } | { brokenAt: BrokenAt }> {
    const markers = await db
      .selectFrom('audit_events')
      .select(['seq', 'id', 'details'])
      .where('action', '=', CHAIN_KEYED_ACTION)
      .where('seq', 'is not', null)
      .orderBy('seq')
      .execute();
    const [marker, extra] = markers;
    if (!marker) return { seq: 0 };
    if (extra) {
      const reason = 'a second record claims to mark where keyed hashes begin';
      return { brokenAt: { seq: Number(extra.seq), id: extra.id, reason } };
    }
    const through = Number(fromJson<{ unkeyedThroughSeq?: number }>(marker.details).unkeyedThroughSeq);
    if (through + 1 !== Number(marker.seq)) {
      const reason = 'it marks where keyed hashes begin but does not follow the records it names';
      return { brokenAt: { seq: Number(marker.seq), id: marker.id, reason } };
    }
    return { seq: through };
  }

  /** The head recorded outside the store was removed by retention, or lies past the last record. */
  function headProblem(head: AuditHead, firstSeq: number, nextSeq: number): BrokenAt | undefined {
    if (head.seq < firstSeq) {
      const reason = `the head recorded outside the store (#${head.seq}) was removed by retention; verify against a head recorded after #${firstSeq - 1}`;
      return { seq: head.seq, id: '', reason };
    }
    if (head.seq >= nextSeq) {
      const missing =
        head.seq === nextSeq ? `record #${nextSeq} is` : `records #${nextSeq} to #${head.seq} are`;
      const reason = `${missing} missing: the head recorded outside the store is #${head.seq}, so the trail was cut short`;
      return { seq: nextSeq, id: '', reason };
    }
    return undefined;
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

    async head(): Promise<AuditHead | undefined> {
      const head = await readChainHead(db);
      return head?.hash ? { seq: head.seq, hash: head.hash } : undefined;
    },

    async verify(options: { head?: AuditHead } = {}): Promise<AuditVerification> {
      const start = await chainStart();
      if ('brokenAt' in start) return { ok: false, checked: 0, brokenAt: start.brokenAt };
      const unkeyed = await unkeyedThrough();
      if ('brokenAt' in unkeyed) return { ok: false, checked: 0, brokenAt: unkeyed.brokenAt };
      const { head } = options;
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
          const hashOf = seq <= unkeyed.seq ? unkeyedChainHash : keyedHash;
          const hash = hashOf(previous, {
            seq,
            id: row.id,
            at: Number(row.at),
            actor: row.actor,
            action: row.action,
            subject: row.subject,
            details: row.details,
          });
          if (row.hash !== hash) return broken('its contents were changed after it was written');
          if (seq === head?.seq && hash !== head.hash) {
            return broken('it differs from the head recorded outside the store, so the trail was rewritten');
          }
          previous = hash;
          expectedSeq++;
          checked++;
        }
      }
      const cut = head ? headProblem(head, start.seq, expectedSeq) : undefined;
      if (cut) return { ok: false, checked, ...kept, brokenAt: cut };
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
