/**
 * Reads `.env` from the working directory into `process.env` (existing variables win), with
 * Node's own parser. A module of its own so that the command line reads it without loading
 * the configuration schema, which only the command that runs needs.
 */
export function readEnvFile(): void {
  try {
    process.loadEnvFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
