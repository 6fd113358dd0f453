import { existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BackendError } from '../../../src/core/errors.js';
import { describeDatabaseUrl, openStore } from '../../../src/store/index.js';
import { listMigrations } from '../../../src/store/migrations/index.js';
import { findFreePort } from '../../helpers/ports.js';
import {
  buildAuditEvent,
  buildEscalation,
  buildFeedback,
  buildReply,
  buildTurn,
  minutesIn,
} from './fixtures.js';
import { storeBackends, useFreshStore } from './store-backends.js';

describe.each(storeBackends)('openStore ($name)', (backend) => {
  const { store, options } = useFreshStore(backend);

  it('reports a healthy check naming the backend and where it is', async () => {
    const check = await store().check();
    expect(check.name).toBe('store');
    expect(check.ok).toBe(true);
    expect(check.detail.startsWith(`${backend.name} `)).toBe(true);
    expect(check.detail).not.toContain('lumen-test');
    expect(store().name).toBe(backend.name);
  });

  it('is idempotent on reopen: migrations run once and reopening changes nothing', async () => {
    const again = await openStore(options());
    const third = await openStore(options());
    try {
      expect((await third.check()).ok).toBe(true);
      const applied = await backend.queryValue(options(), 'select count(*) from kysely_migration');
      expect(Number(applied)).toBe(Object.keys(listMigrations(backend.name)).length);
    } finally {
      await again.close();
      await third.close();
    }
  });

  it('keeps everything across close and reopen', async () => {
    const turn = buildTurn();
    const feedback = buildFeedback(turn, { rating: 'not_helpful', reason: 'incomplete' });
    const escalation = buildEscalation({ turnId: turn.id });
    const event = buildAuditEvent();
    await store().turns.insert(turn);
    await store().feedback.upsert(feedback);
    await store().escalations.insert(escalation);
    await store().audit.append(event);
    const message = await store().outbox.append('web:a', buildReply('kept'), minutesIn(1));
    await store().processedEvents.claim('evt-kept', minutesIn(1));
    await store().close();

    const reopened = await openStore(options());
    try {
      expect(await reopened.turns.get(turn.id)).toEqual(turn);
      expect(await reopened.feedback.list({})).toEqual([{ ...feedback, turn }]);
      expect(await reopened.escalations.get(escalation.id)).toEqual(escalation);
      expect(await reopened.audit.list({})).toEqual([event]);
      expect(await reopened.outbox.after('web:a', 0)).toEqual([message]);
      expect(await reopened.processedEvents.claim('evt-kept', minutesIn(2))).toBe(false);
      const next = await reopened.outbox.append('web:a', buildReply('after reopen'), minutesIn(2));
      expect(next.seq).toBeGreaterThan(message.seq);
    } finally {
      await reopened.close();
    }
  });

  it('rejects feedback for a turn that does not exist (foreign keys are enforced)', async () => {
    const turn = buildTurn();
    await store().turns.insert(turn);
    await expect(store().feedback.upsert(buildFeedback(buildTurn()))).rejects.toThrow();
    await store().feedback.upsert(buildFeedback(turn));
    expect(await store().feedback.list({})).toHaveLength(1);
  });
});

describe('openStore (sqlite file)', () => {
  const sqlite = storeBackends.find((b) => b.name === 'sqlite')!;
  const { store, options } = useFreshStore(sqlite);

  it('creates the parent directory and uses WAL with foreign keys on', async () => {
    expect((await store().check()).detail).toBe(`sqlite ${options().sqlitePath}`);
    const raw = new BetterSqlite3(options().sqlitePath, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = raw
        .prepare("select name from sqlite_master where type = 'table' order by name")
        .pluck()
        .all();
      expect(tables).toEqual(
        expect.arrayContaining([
          'audit_events',
          'escalations',
          'feedback',
          'outbox',
          'processed_events',
          'turns',
        ]),
      );
    } finally {
      raw.close();
    }
  });
});

describe('openStore (postgresql errors)', () => {
  it('rejects a malformed DATABASE_URL with a BackendError naming the setting and host, not the password', async () => {
    const error = await openStore({
      databaseUrl: 'postgresql://bob:s3cret@db.internal:notaport/x',
      sqlitePath: 'x',
    })
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).message).toContain('DATABASE_URL');
    expect((error as Error).message).toContain('db.internal');
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('rejects an unsupported scheme with a BackendError naming DATABASE_URL', async () => {
    const error = await openStore({ databaseUrl: 'mysql://bob:s3cret@db.internal/x', sqlitePath: 'x' })
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).message).toMatch(/DATABASE_URL.*db\.internal/);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('fails with a BackendError naming DATABASE_URL and the host when the server is unreachable', async () => {
    const port = await findFreePort();
    const error = await openStore({
      databaseUrl: `postgresql://bob:s3cret@127.0.0.1:${port}/lumen`,
      sqlitePath: 'x',
    })
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).code).toBe('backend.store');
    expect((error as Error).message).toContain('DATABASE_URL');
    expect((error as Error).message).toContain(`127.0.0.1:${port}/lumen`);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('fails with a BackendError when the credentials are wrong', async () => {
    const postgres = storeBackends.find((b) => b.name === 'postgresql')!;
    const { databaseUrl } = await postgres.createLocation();
    const url = new URL(databaseUrl!);
    url.password = 'wrong-password';
    const error = await openStore({ databaseUrl: url.toString(), sqlitePath: 'x' })
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).message).toContain(url.host);
    expect((error as Error).message).not.toContain('wrong-password');
  });
});

describe('describeDatabaseUrl', () => {
  it('returns host/db without credentials', () => {
    expect(describeDatabaseUrl('postgresql://bob:s3cret@db.example.com:5432/lumen?sslmode=require')).toBe(
      'db.example.com:5432/lumen',
    );
    expect(describeDatabaseUrl('postgres://db.example.com/lumen')).toBe('db.example.com/lumen');
  });

  it('falls back to the user name when no database is given, as libpq does', () => {
    expect(describeDatabaseUrl('postgres://bob:pw@db.example.com')).toBe('db.example.com/bob');
  });
});

describe('openStore (in memory)', () => {
  it('keys the audit chain without writing a key file into the working directory', async () => {
    const keyFile = join(process.cwd(), 'audit.key');
    expect(existsSync(keyFile)).toBe(false);
    const store = await openStore({ sqlitePath: ':memory:' });
    try {
      await store.audit.append(buildAuditEvent());
      expect(existsSync(keyFile)).toBe(false);
    } finally {
      await store.close();
    }
  });
});
