import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../config/index.js';
import { ConfigError } from '../core/errors.js';
import { splitFrontMatter } from '../knowledge/crack/front-matter.js';

/** The prompts shipped with Lumen. */
export const PROMPTS_DIR = resolve(PACKAGE_ROOT, 'prompts');

/** A prompt file: its name, the version recorded on every turn it produces, and its text. */
export interface Prompt {
  name: string;
  version: string;
  text: string;
}

/** The prompts a generative model needs. */
export interface PromptSet {
  answer: Prompt;
  rewrite: Prompt;
}

const FILE = /^([a-z][a-z0-9-]*)\.v(\d+)\.md$/;

/**
 * Reads `<name>.v<N>.md` files from a folder and keeps the highest version of each name
 * (or the version pinned in `pins`, e.g. `{ answer: 1 }`). Read once at start.
 */
export function loadPrompts(
  dir = PROMPTS_DIR,
  pins: Partial<Record<keyof PromptSet, number>> = {},
): PromptSet {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch (error) {
    throw new ConfigError(
      `Cannot read the prompts folder ${dir}. It should hold answer.v1.md and rewrite.v1.md.`,
      {
        cause: error,
      },
    );
  }
  const best = new Map<string, { n: number; file: string }>();
  for (const file of files) {
    const match = FILE.exec(file);
    if (!match) continue;
    const name = match[1]!;
    const n = Number(match[2]);
    const pinned = pins[name as keyof PromptSet];
    if (pinned !== undefined && pinned !== n) continue;
    const current = best.get(name);
    if (!current || n > current.n) best.set(name, { n, file });
  }
  const read = (name: keyof PromptSet): Prompt => {
    const found = best.get(name);
    if (!found) {
      const wanted = pins[name] !== undefined ? `${name}.v${pins[name]}.md` : `${name}.v<N>.md`;
      throw new ConfigError(`The prompts folder ${dir} has no ${wanted}. Add it or pin an existing version.`);
    }
    const path = join(dir, found.file);
    const { data, body } = splitFrontMatter(readFileSync(path, 'utf8'), path);
    const text = body.trim();
    if (!text) throw new ConfigError(`The prompt ${path} is empty.`);
    const version = typeof data.version === 'string' && data.version ? data.version : `${name}-v${found.n}`;
    return { name, version, text };
  };
  return { answer: read('answer'), rewrite: read('rewrite') };
}
