import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { reusingStatements } from '../../../src/store/connect-sqlite.js';
import { SqliteStoreDialect } from '../../../src/store/sqlite-store-dialect.js';

interface Db {
  notes: { id: string; body: string };
}

/** An in-memory database whose `prepare` calls are counted. */
function countingDatabase() {
  const database = new BetterSqlite3(':memory:');
  database.exec('create table notes (id text primary key, body text not null)');
  const prepared: string[] = [];
  const prepare = database.prepare.bind(database);
  database.prepare = ((text: string) => {
    prepared.push(text);
    return prepare(text);
  }) as typeof database.prepare;
  const db = new Kysely<Db>({ dialect: new SqliteStoreDialect({ database: reusingStatements(database) }) });
  return { db, prepared };
}

describe('SQLite statements', () => {
  it('prepares each query text once and reuses it, with each call’s own parameters', async () => {
    const { db, prepared } = countingDatabase();
    for (const [id, body] of [
      ['a', 'first'],
      ['b', 'second'],
      ['c', 'third'],
    ]) {
      await db.insertInto('notes').values({ id: id!, body: body! }).execute();
    }
    const find = (id: string) =>
      db.selectFrom('notes').select('body').where('id', '=', id).executeTakeFirst();
    expect(await find('b')).toEqual({ body: 'second' });
    expect(await find('c')).toEqual({ body: 'third' });
    expect(await find('z')).toBeUndefined();
    expect(prepared).toHaveLength(2);
    await db.destroy();
  });

  it('keeps a reused statement working after one of its runs failed', async () => {
    const { db } = countingDatabase();
    const insert = (id: string) => db.insertInto('notes').values({ id, body: 'x' }).execute();
    await insert('a');
    await expect(insert('a')).rejects.toThrow(/UNIQUE/);
    await insert('b');
    const count = await sql<{ n: number }>`select count(*) as n from notes`.execute(db);
    expect(count.rows[0]!.n).toBe(2);
    await db.destroy();
  });

  it('streams rows from a reused select, and runs it again afterwards', async () => {
    const { db } = countingDatabase();
    await db
      .insertInto('notes')
      .values([
        { id: 'a', body: '1' },
        { id: 'b', body: '2' },
      ])
      .execute();
    const all = () => db.selectFrom('notes').select('id').orderBy('id');
    const streamed: string[] = [];
    for await (const row of all().stream()) streamed.push(row.id);
    expect(streamed).toEqual(['a', 'b']);
    expect((await all().execute()).map((r) => r.id)).toEqual(['a', 'b']);
    await db.destroy();
  });
});
