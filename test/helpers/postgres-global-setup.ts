import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from './embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the PostgreSQL server shared by the integration run (database `postgres`). */
    postgresUrl: string;
  }
}

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

  const postgres = await startEmbeddedPostgres();
  project.provide('postgresUrl', postgres.url);
  return () => postgres.stop();
}
