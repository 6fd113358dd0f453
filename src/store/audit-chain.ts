import { createHash } from 'node:crypto';

/** The hash an empty chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an audit record's hash covers: its place in the chain and every stored field. */
export interface ChainedFields {
  seq: number;
  id: string;
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  /** The details exactly as stored (JSON text). */
  details: string;
}

/** SHA-256 over the previous record's hash and this record's fields, so changing any record breaks every later link. */
export function chainHash(previousHash: string, fields: ChainedFields): string {
  const canonical = JSON.stringify([
    fields.seq,
    fields.id,
    fields.at,
    fields.actor,
    fields.action,
    fields.subject,
    fields.details,
  ]);
  return createHash('sha256').update(previousHash).update('\n').update(canonical).digest('hex');
}
