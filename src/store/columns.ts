import type { ColumnType } from 'kysely';

/**
 * Milliseconds since the Unix epoch, stored as a 64-bit integer on both databases.
 * PostgreSQL's driver returns `bigint` as a string, so reads accept either.
 */
export type EpochMs = ColumnType<number | string, number, number>;

/** A Date as stored in an epoch-milliseconds column. */
export function toEpochMs(date: Date): number {
  return date.getTime();
}

/** A Date from an epoch-milliseconds column, which PostgreSQL returns as a string. */
export function fromEpochMs(value: EpochMs['__select__']): Date {
  return new Date(Number(value));
}

/** A value serialized for a JSON text column. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/** A value read back from a JSON text column. */
export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** `undefined` for SQL NULL, so records keep optional fields absent rather than null. */
export function fromNullable<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}

/** SQL NULL for an absent optional field. */
export function toNullable<T>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}
