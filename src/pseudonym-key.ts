import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';

/**
 * The key pseudonyms in exports are made with: `LUMEN_PSEUDONYM_SECRET`, else a random key
 * kept in the data directory, so pseudonyms stay stable from one export to the next.
 */
export function pseudonymSecret(config: Pick<Config, 'pseudonymSecret' | 'dataDir'>): string {
  if (config.pseudonymSecret) return config.pseudonymSecret;
  const file = join(config.dataDir, 'pseudonym.key');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(config.dataDir, { recursive: true });
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
