import type { Lumen } from '../../../app/create-lumen.js';
import { isAdmin } from '../../../core/governance/principals.js';

/**
 * The person running an admin command: `--by`, else `$USER`. When `LUMEN_ADMINS` is set, they
 * must be one of the admins (by email, `user:<id>` or group); without it the local operator,
 * who already holds the database files, is trusted. Refusals are audited.
 */
export async function requireCliAdmin(lumen: Lumen, by: string | undefined, doing: string): Promise<string> {
  const actor = by ?? process.env.USER ?? 'operator';
  if (lumen.config.admins.length === 0) return actor;
  const user = { id: actor, ...(actor.includes('@') ? { email: actor } : {}) };
  if (isAdmin(user, lumen.config.admins)) return actor;
  await lumen.copilot.audit.record(actor, 'admin.denied', undefined, { surface: 'cli', command: doing });
  throw new Error(
    `${actor} is not a Lumen admin, so cannot ${doing}; pass --by with an identity listed in LUMEN_ADMINS`,
  );
}
