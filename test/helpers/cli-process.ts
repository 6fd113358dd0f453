import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { entryArgs } from './entry-points.js';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** The local user the CLI runs as in tests. */
export const CLI_USER = 'casey';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment of the CLI: this one without settings that would point it elsewhere, plus `extra`. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, USER: CLI_USER, NO_COLOR: '1' };
  for (const name of [
    'LUMEN_DATA_DIR',
    'DATABASE_URL',
    'LUMEN_KNOWLEDGE_DIR',
    'LUMEN_ADMINS',
    'LUMEN_PUBLIC_URL',
    'MICROSOFT_APP_ID',
    'MICROSOFT_APP_PASSWORD',
    'MICROSOFT_APP_TENANT_ID',
    'MICROSOFT_APP_TYPE',
  ])
    delete env[name];
  return { ...env, ...extra };
}

function spawnCli(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [...entryArgs('channels/cli/main'), ...args], {
    cwd: REPO_ROOT,
    env: cliEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** How a process ran: its exit code (or the signal that ended it) and what it printed. */
export interface NodeRun extends CliRun {
  signal: NodeJS.Signals | null;
}

export interface RunOptions {
  /** The whole environment of the process (default: this one's). */
  env?: NodeJS.ProcessEnv;
  /** Working folder (default: the repository root). */
  cwd?: string;
  /** Piped to standard input all at once, as a here-doc would. */
  input?: string;
  /** Sees the output so far and may answer it on standard input (which then stays open). */
  onStdout?: (stdoutSoFar: string, write: (line: string) => void) => void;
  onSpawn?: (child: ChildProcessWithoutNullStreams) => void;
}

/** Runs `node <args>` in a child process and collects what it prints. */
export function runNode(args: string[], options: RunOptions = {}): Promise<NodeRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (data: string) => {
      stdout += data;
      options.onStdout?.(stdout, (line) => child.stdin.write(`${line}\n`));
    });
    child.stderr.setEncoding('utf8').on('data', (data: string) => {
      stderr += data;
    });
    if (!options.onStdout) child.stdin.end(options.input ?? '');
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
    options.onSpawn?.(child);
  });
}

/**
 * Runs the real CLI in a child process from the repository root, in `cliEnv()` plus `env`.
 * `input` is piped to its standard input all at once; `onStdout` may instead answer what it
 * prints by writing to its standard input.
 */
export function runCli(
  args: string[],
  options: Omit<RunOptions, 'env' | 'cwd'> & { env?: NodeJS.ProcessEnv; nodeOptions?: string[] } = {},
): Promise<NodeRun> {
  const { env, nodeOptions = [], ...rest } = options;
  return runNode([...nodeOptions, ...entryArgs('channels/cli/main'), ...args], { ...rest, env: cliEnv(env) });
}

/** Runs `lumen chat`, typing each line once the previous reply has been shown (at each `you> ` prompt). */
export function chat(dataDir: string, lines: string[]): Promise<CliRun> {
  const typed = [...lines, '/quit'];
  let prompts = 0;
  return runCli(['chat', '--data-dir', dataDir], {
    onStdout: (stdout, write) => {
      const seen = stdout.split('you> ').length - 1;
      while (prompts < seen) {
        const line = typed[prompts++];
        if (line !== undefined) write(line);
      }
    },
  });
}

/** A CLI process a test talks to step by step: type a line, wait for some output. */
export interface CliSession {
  /** Everything printed so far. */
  readonly stdout: string;
  type(line: string): void;
  /** Waits until the output after `from` (an offset into stdout) contains `text`. */
  waitFor(text: string | RegExp, from?: number): Promise<void>;
  /** Closes standard input and waits for the process to end. */
  end(): Promise<CliRun>;
}

export function startCli(args: string[]): CliSession {
  const child = spawnCli(args);
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (data: string) => {
    stdout += data;
    for (const check of waiters) check();
  });
  child.stderr.setEncoding('utf8').on('data', (data: string) => {
    stderr += data;
  });
  const closed = new Promise<CliRun>((resolvePromise) =>
    child.on('close', (code) => resolvePromise({ code, stdout, stderr })),
  );
  return {
    get stdout() {
      return stdout;
    },
    type(line) {
      child.stdin.write(`${line}\n`);
    },
    waitFor(text, from = 0) {
      return new Promise((resolvePromise, reject) => {
        const found = () => {
          const rest = stdout.slice(from);
          return typeof text === 'string' ? rest.includes(text) : text.test(rest);
        };
        const check = () => {
          if (!found()) return;
          waiters.delete(check);
          resolvePromise();
        };
        waiters.add(check);
        check();
        void closed.then(() => {
          if (!waiters.has(check)) return;
          waiters.delete(check);
          reject(new Error(`the CLI ended before printing ${String(text)}:\n${stdout}\n${stderr}`));
        });
      });
    },
    end() {
      child.stdin.end();
      return closed;
    },
  };
}
