import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
