import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');
/** Written by `npm run build` when it has finished. */
const BUILT_STAMP = join(ROOT, 'dist', '.built');

function newestChange(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, name)));
  return newest;
}

let built: boolean | undefined;

/** Whether dist/ holds a build of the current sources (`npm test` builds before it runs the suite). */
export function isBuilt(): boolean {
  built ??= existsSync(BUILT_STAMP) && statSync(BUILT_STAMP).mtimeMs >= newestChange(SRC);
  return built;
}

/** What users run for each entry point once built: the bundled server, and the `lumen` command. */
const BUILT_ENTRY = {
  'app/main': join(ROOT, 'dist', 'bundle', 'main.js'),
  'channels/cli/main': join(ROOT, 'bin', 'lumen.js'),
} as const;

/**
 * Node arguments that run one of Lumen's entry points, `src/<entry>.ts`: its compiled
 * JavaScript when dist/ is built from the current sources, as users run it, else the
 * TypeScript through tsx (a test run on its own while the sources are being edited).
 */
export function entryArgs(entry: keyof typeof BUILT_ENTRY): string[] {
  return isBuilt() ? [BUILT_ENTRY[entry]] : ['--import', 'tsx', join(SRC, `${entry}.ts`)];
}
