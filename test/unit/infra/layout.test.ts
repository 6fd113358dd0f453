import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importedSource, importSpecifiers, sourceFiles } from '../../helpers/source-imports.js';

/**
 * `src/` lists the architecture and nothing else: the composition root, settings, the core,
 * and the layers built on it. A new file belongs in one of these folders; a new folder here
 * is a new part of the architecture and is added below (and to the README's layout).
 */
const FOLDERS = [
  'app',
  'channels',
  'config',
  'core',
  'eval',
  'knowledge',
  'llm',
  'observability',
  'store',
  'text',
];

const root = resolve(import.meta.dirname, '../../..');
const src = join(root, 'src');

interface Entry {
  name: string;
  isDirectory(): boolean;
}

/** What in a listing of `src/` departs from the layout: loose files, unknown folders, missing ones. */
function layoutProblems(entries: Entry[]): string[] {
  const shown = entries.filter((entry) => !entry.name.startsWith('.'));
  const folders = new Set(shown.filter((entry) => entry.isDirectory()).map((entry) => entry.name));
  return [
    ...shown.filter((entry) => !entry.isDirectory()).map((entry) => `loose file src/${entry.name}`),
    ...[...folders].filter((name) => !FOLDERS.includes(name)).map((name) => `unexpected folder src/${name}/`),
    ...FOLDERS.filter((name) => !folders.has(name)).map((name) => `missing folder src/${name}/`),
  ];
}

/**
 * The circles in an import graph (file → the files it imports): each the files that reach
 * one another, found as strongly connected components (Tarjan). A file importing itself is a
 * circle of one.
 */
function importCycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** Every file under `src/` and the files under `src/` it imports (type-only and lazy imports too). */
function sourceImportGraph(): Map<string, string[]> {
  const files = sourceFiles(src);
  const known = new Set(files);
  return new Map(
    files.map((file) => [
      relative(root, file),
      importSpecifiers(file)
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => importedSource(file, specifier))
        .filter((target) => known.has(target))
        .map((target) => relative(root, target)),
    ]),
  );
}

describe('src/', () => {
  it('holds only the folders of the architecture, no loose files', () => {
    expect(layoutProblems(readdirSync(src, { withFileTypes: true }))).toEqual([]);
  });

  it('the check catches loose files, unknown folders and missing ones', () => {
    const folder = (name: string) => ({ name, isDirectory: () => true });
    const file = (name: string) => ({ name, isDirectory: () => false });
    const entries = [
      ...FOLDERS.filter((name) => name !== 'eval').map(folder),
      file('utils.ts'),
      folder('misc'),
    ];
    expect(layoutProblems([...entries, file('.DS_Store')])).toEqual([
      'loose file src/utils.ts',
      'unexpected folder src/misc/',
      'missing folder src/eval/',
    ]);
  });

  it('has no import circles', () => {
    const graph = sourceImportGraph();
    expect(graph.size).toBeGreaterThan(100);
    expect(importCycles(graph)).toEqual([]);
  });

  it('the check finds circles of two or more files and a file importing itself', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'a.ts']],
      ['c.ts', []],
      ['d.ts', ['d.ts', 'a.ts']],
      ['e.ts', ['f.ts']],
      ['f.ts', ['g.ts']],
      ['g.ts', ['e.ts']],
    ]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts'], ['d.ts'], ['e.ts', 'f.ts', 'g.ts']]);
  });
});
