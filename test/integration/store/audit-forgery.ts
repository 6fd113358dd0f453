import { createHash } from 'node:crypto';
import type { ChainedFields } from '../../../src/store/audit-chain.js';
import type { StoreOptions } from '../../../src/store/index.js';
import type { StoreBackend } from './store-backends.js';

/**
 * What someone with write access to the database (but not the audit key) can do: re-link
 * records with plain SHA-256 exactly as the chain was computed before it was keyed.
 * Written here, independently of the store's code, as an attacker would.
 */
export function plainHash(previous: string, row: ChainedFields): string {
  const canonical = JSON.stringify([
    row.seq,
    row.id,
    row.at,
    row.actor,
    row.action,
    row.subject,
    row.details,
  ]);
  return createHash('sha256').update(previous).update('\n').update(canonical).digest('hex');
}

interface AuditRow extends ChainedFields {
  prev_hash: string;
  hash: string;
}

/** Every chained audit row, oldest first. */
export async function readAuditRows(backend: StoreBackend, location: StoreOptions): Promise<AuditRow[]> {
  const rows = await backend.queryRows(
    location,
    'SELECT seq, id, at, actor, action, subject, details, prev_hash, hash FROM audit_events WHERE seq IS NOT NULL ORDER BY seq',
  );
  return rows.map((row) => ({ ...(row as unknown as AuditRow), seq: Number(row.seq), at: Number(row.at) }));
}

/** Recomputes every hash from `fromSeq` on with plain SHA-256, so each record links to the one before. */
export async function relinkWithPlainHashes(
  backend: StoreBackend,
  location: StoreOptions,
  fromSeq: number,
): Promise<void> {
  const rows = await readAuditRows(backend, location);
  let previous = rows.find((row) => row.seq === fromSeq)?.prev_hash ?? '0'.repeat(64);
  for (const row of rows.filter((r) => r.seq >= fromSeq)) {
    const hash = plainHash(previous, row);
    await backend.execute(
      location,
      `UPDATE audit_events SET prev_hash = '${previous}', hash = '${hash}' WHERE id = '${row.id}'`,
    );
    previous = hash;
  }
}

/** Appends a record at the head, linked with plain SHA-256. */
export async function appendPlainRecord(
  backend: StoreBackend,
  location: StoreOptions,
  record: { id: string; at: number; actor: string; action: string; details: string },
): Promise<void> {
  const rows = await readAuditRows(backend, location);
  const head = rows.at(-1);
  const seq = (head?.seq ?? 0) + 1;
  const previous = head?.hash ?? '0'.repeat(64);
  const hash = plainHash(previous, { ...record, seq, subject: null });
  await backend.execute(
    location,
    `INSERT INTO audit_events (id, at, actor, action, subject, details, seq, prev_hash, hash) VALUES ('${record.id}', ${record.at}, '${record.actor}', '${record.action}', NULL, '${record.details}', ${seq}, '${previous}', '${hash}')`,
  );
}
