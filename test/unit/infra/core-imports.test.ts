import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importedSource, importSpecifiers, sourceFiles } from '../../helpers/source-imports.js';

/**
 * The core is the ground floor: channels, knowledge, llm, store, observability, settings and
 * the composition root build on it, never the other way round. A file under `src/core` may
 * import only:
 * - other files under `src/core` (`core/errors.ts` holds the error classes every layer shares);
 * - `src/text` (pure text utilities: tokenizing, stemming, sentences; no I/O beyond reading
 *   its own word lists);
 * - node built-ins and the few pure libraries below. SDKs (Slack, Bot Framework, OpenAI,
 *   Azure, OpenTelemetry, database drivers) stay in the layers that adapt them.
 */
const ALLOWED_PACKAGES = new Set(['zod', 'ts-fsrs', 'yaml']);

const root = resolve(import.meta.dirname, '../../..');
const core = join(root, 'src/core');
const allowedOutside = [join(root, 'src/text')];

const inside = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** Every import of a file that leaves what the core may use, as `file: specifier`. */
function strayImports(file: string, text?: string): string[] {
  return importSpecifiers(file, text)
    .filter((specifier) => {
      if (specifier.startsWith('.')) {
        const target = importedSource(file, specifier);
        return !inside(target, core) && !allowedOutside.some((allowed) => inside(target, allowed));
      }
      if (specifier.startsWith('node:')) return false;
      const name = specifier.startsWith('@')
        ? specifier.split('/').slice(0, 2).join('/')
        : specifier.split('/')[0];
      return !ALLOWED_PACKAGES.has(name ?? specifier);
    })
    .map((specifier) => `${relative(root, file)}: ${specifier}`);
}

describe('src/core', () => {
  it('imports nothing from the layers built on it', () => {
    const files = sourceFiles(core);
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((file) => strayImports(file))).toEqual([]);
  });

  it('the check catches imports that leave the core', () => {
    const probe = join(core, 'ask/probe.ts');
    const text = [
      "import { inSpan } from '../../observability/tracing.js';",
      "import type { Chunk } from '../../knowledge/document.js';",
      "export { App } from '@slack/bolt';",
      "const openai = await import('openai');",
      "import { analyze } from '../../text/index.js';",
      "import type { Store } from '../ports.js';",
      "import { z } from 'zod';",
      "import { randomUUID } from 'node:crypto';",
    ].join('\n');
    expect(strayImports(probe, text).map((stray) => stray.split(': ')[1])).toEqual([
      '../../observability/tracing.js',
      '../../knowledge/document.js',
      '@slack/bolt',
      'openai',
    ]);
  });
});
