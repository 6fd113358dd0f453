import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './index.js';

/**
 * A random key kept in `dir/fileName` (readable by the owner only), created on first use;
 * every process using the same directory gets the same key.
 */
export function readOrCreateSecret(dir: string, fileName: string): string {
  const file = join(dir, fileName);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dir, { recursive: true });
    const key = randomBytes(32).toString('hex');
    try {
      writeFileSync(file, `${key}\n`, { flag: 'wx', mode: 0o600 });
      return key;
    } catch {
      // Another process created it first: use theirs.
      return readFileSync(file, 'utf8').trim();
    }
  }
}

/**
 * The key pseudonyms in exports are made with: `LUMEN_PSEUDONYM_SECRET`, else a random key
 * kept in the data directory, so pseudonyms stay stable from one export to the next.
 */
export function pseudonymSecret(config: Pick<Config, 'pseudonymSecret' | 'dataDir'>): string {
  return config.pseudonymSecret ?? readOrCreateSecret(config.dataDir, 'pseudonym.key');
}
