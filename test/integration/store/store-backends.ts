import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeEach } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { openStore, type StoreOptions } from '../../../src/store/index.js';
import { createTestDatabase } from '../../helpers/postgres.js';

/** A database the same store tests run against. */
export interface StoreBackend {
  name: 'sqlite' | 'postgresql';
  /** Creates an empty database and returns the options that open it. */
  createLocation(): Promise<StoreOptions>;
  /** Runs one read-only query straight on the database, bypassing the store. */
  queryValue(location: StoreOptions, sql: string): Promise<unknown>;
  /** Runs one read-only query straight on the database and returns every row. */
  queryRows(location: StoreOptions, sql: string): Promise<Record<string, unknown>[]>;
  /** Runs one statement straight on the database, as someone tampering with it would. */
  execute(location: StoreOptions, sql: string): Promise<void>;
}

const sqliteDirs: string[] = [];

afterAll(() => {
  for (const dir of sqliteDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** SQLite on a temp file and PostgreSQL on a fresh database of the run's embedded server. */
export const storeBackends: StoreBackend[] = [
  {
    name: 'sqlite',
    async createLocation() {
      const dir = mkdtempSync(join(tmpdir(), 'lumen-store-'));
      sqliteDirs.push(dir);
      return { sqlitePath: join(dir, 'nested', 'lumen.db') };
    },
    async queryValue(location, sql) {
      const raw = new BetterSqlite3(location.sqlitePath, { readonly: true });
      try {
        return raw.prepare(sql).pluck().get();
      } finally {
        raw.close();
      }
    },
    async queryRows(location, sql) {
      const raw = new BetterSqlite3(location.sqlitePath, { readonly: true });
      try {
        return raw.prepare(sql).all() as Record<string, unknown>[];
      } finally {
        raw.close();
      }
    },
    async execute(location, sql) {
      const raw = new BetterSqlite3(location.sqlitePath);
      try {
        raw.prepare(sql).run();
      } finally {
        raw.close();
      }
    },
  },
  {
    name: 'postgresql',
    async createLocation() {
      const databaseUrl = await createTestDatabase();
      return { databaseUrl, sqlitePath: join(tmpdir(), 'lumen-unused.db') };
    },
    async queryValue(location, sql) {
      const client = new pg.Client({ connectionString: location.databaseUrl });
      await client.connect();
      try {
        const result = await client.query({ text: sql, rowMode: 'array' });
        return result.rows[0]?.[0];
      } finally {
        await client.end();
      }
    },
    async queryRows(location, sql) {
      const client = new pg.Client({ connectionString: location.databaseUrl });
      await client.connect();
      try {
        return (await client.query(sql)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    },
    async execute(location, sql) {
      const client = new pg.Client({ connectionString: location.databaseUrl });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
  },
];

/** Opens a store on a fresh database before each test and closes it after; call inside a describe. */
export function useFreshStore(backend: StoreBackend): { store(): Store; options(): StoreOptions } {
  let current: Store | undefined;
  let location: StoreOptions | undefined;
  beforeEach(async () => {
    location = await backend.createLocation();
    current = await openStore(location);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    store: () => {
      if (current === undefined) throw new Error('the store is opened in beforeEach');
      return current;
    },
    options: () => {
      if (location === undefined) throw new Error('the location is created in beforeEach');
      return location;
    },
  };
}
