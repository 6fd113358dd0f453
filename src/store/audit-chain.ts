import { createHash, createHmac } from 'node:crypto';

/** The hash an empty chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

/** The record that marks where records hashed before the chain was keyed end. */
export const CHAIN_KEYED_ACTION = 'audit.chain-keyed';

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

/** Hashes a record together with the previous record's hash. */
export type ChainHasher = (previousHash: string, fields: ChainedFields) => string;

function canonical(fields: ChainedFields): string {
  return JSON.stringify([
    fields.seq,
    fields.id,
    fields.at,
    fields.actor,
    fields.action,
    fields.subject,
    fields.details,
  ]);
}

/**
 * HMAC-SHA256 under a key kept outside the database: without the key nobody can write a
 * record, or re-link the records after a changed one, so that the chain still checks out.
 */
export function keyedChainHash(key: string): ChainHasher {
  return (previousHash, fields) =>
    createHmac('sha256', key).update(previousHash).update('\n').update(canonical(fields)).digest('hex');
}

/** Plain SHA-256, as records were hashed before the chain was keyed; only used to verify those. */
export const unkeyedChainHash: ChainHasher = (previousHash, fields) =>
  createHash('sha256').update(previousHash).update('\n').update(canonical(fields)).digest('hex');

/**
 * What the store keeps to recognise the audit key (never the key itself): an HMAC of a fixed
 * text, so a process started with another key is stopped before it writes a record.
 */
export function auditKeyCheck(key: string): string {
  return createHmac('sha256', key).update('lumen audit key check').digest('hex');
}
