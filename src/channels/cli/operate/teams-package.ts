import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../../../core/errors.js';
import { buildTeamsAppPackage } from '../../teams/index.js';

export interface TeamsPackageOptions {
  out: string;
  appId?: string;
  publicUrl?: string;
  version: string;
}

/** `lumen teams-package`: writes the zip an admin uploads to Teams, filled from configuration. */
export async function teamsPackageCommand(options: TeamsPackageOptions): Promise<void> {
  const missing: string[] = [];
  if (!options.appId) {
    missing.push(
      'MICROSOFT_APP_ID is not set: create an Azure Bot, copy its Microsoft App ID, and set MICROSOFT_APP_ID (or pass --app-id).',
    );
  }
  if (!options.publicUrl) {
    missing.push(
      'LUMEN_PUBLIC_URL is not set: set it (or pass --public-url) to the https address Teams reaches Lumen at.',
    );
  }
  if (!options.appId || !options.publicUrl) {
    throw new ConfigError(
      missing.length === 1
        ? missing.join('')
        : `${missing.length} settings are missing:\n  ${missing.join('\n  ')}`,
    );
  }
  const zip = buildTeamsAppPackage({
    appId: options.appId,
    publicUrl: options.publicUrl,
    version: options.version,
  });
  const out = resolve(options.out);
  writeFileSync(out, zip);
  process.stdout.write(
    `Wrote ${out} (${zip.length} bytes). Upload it in Teams: Apps > Manage your apps > Upload an app, or in the Teams admin center.\n`,
  );
}
