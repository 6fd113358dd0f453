import { config as readDotEnv } from 'dotenv';

/**
 * Reads `.env` from the working directory into `process.env` (existing variables win).
 * A module of its own so that the command line reads it without loading the configuration
 * schema, which only the command that runs needs.
 */
export function readEnvFile(): void {
  readDotEnv({ quiet: true });
}
