import { BackendError } from '../core/errors.js';

/** The parts of a PostgreSQL URL that are safe to print. */
export interface DatabaseUrlParts {
  host: string;
  database: string;
}

/** True for URLs the PostgreSQL store accepts (`postgres://` or `postgresql://`). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim());
}

/** Host (with port when given) and database name of a PostgreSQL URL; throws BackendError naming DATABASE_URL. */
export function parseDatabaseUrl(url: string): DatabaseUrlParts {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch (error) {
    throw new BackendError(
      'store',
      `DATABASE_URL (host ${guessHost(url)}) is not a valid URL. Expected postgresql://user:password@host:5432/database, with special characters in the password percent-encoded.`,
      { cause: error },
    );
  }
  if (!isPostgresUrl(url)) {
    throw new BackendError(
      'store',
      `DATABASE_URL (host ${parsed.host || 'none'}) uses the unsupported scheme "${parsed.protocol}". Accepted schemes are postgres:// and postgresql://; leave DATABASE_URL unset to use SQLite.`,
    );
  }
  // libpq defaults: a socket given as `?host=`, and a database named after the user.
  const host = decodeURIComponent(parsed.host) || parsed.searchParams.get('host') || 'localhost';
  const database =
    decodeURIComponent(parsed.pathname.replace(/^\//, '')) ||
    decodeURIComponent(parsed.username) ||
    'postgres';
  return { host, database };
}

/** `host/db` of a database URL without credentials, for logs and `doctor`. */
export function describeDatabaseUrl(url: string): string {
  const { host, database } = parseDatabaseUrl(url);
  return `${host}/${database}`;
}

/** The host part of something URL-shaped that `new URL` rejected, for error messages; never the credentials. */
function guessHost(url: string): string {
  const afterScheme = url.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const afterCredentials = afterScheme.slice(afterScheme.lastIndexOf('@') + 1);
  return /^[^/?#]*/.exec(afterCredentials)?.[0] || 'unknown';
}
