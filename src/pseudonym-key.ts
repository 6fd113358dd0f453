import type { Config } from './config.js';
import { readOrCreateSecret } from './data-dir-secret.js';

/**
 * The key pseudonyms in exports are made with: `LUMEN_PSEUDONYM_SECRET`, else a random key
 * kept in the data directory, so pseudonyms stay stable from one export to the next.
 */
export function pseudonymSecret(config: Pick<Config, 'pseudonymSecret' | 'dataDir'>): string {
  return config.pseudonymSecret ?? readOrCreateSecret(config.dataDir, 'pseudonym.key');
}
