import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { PACKAGE_ROOT } from '../../config/index.js';
import { ConfigError } from '../../core/errors.js';

/** Where the manifest template and icons live. */
export const TEAMS_MANIFEST_DIR = join(PACKAGE_ROOT, 'manifests/teams');

export interface TeamsPackageInput {
  /** The Azure Bot's Microsoft App ID (a GUID); also used as the Teams app id. */
  appId: string;
  /** The https base URL Lumen is reached at; its host goes in `validDomains`. */
  publicUrl: string;
  /** The app version Teams shows; bump it for every re-upload. */
  version: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEMVER = /^\d{1,5}\.\d{1,5}\.\d{1,5}$/;

/** The manifest with this deployment's values filled in. */
export function renderTeamsManifest(
  input: TeamsPackageInput,
  dir = TEAMS_MANIFEST_DIR,
): Record<string, unknown> {
  if (!GUID.test(input.appId)) {
    throw new ConfigError(
      `The Microsoft App ID "${input.appId}" is not a GUID. Copy it from the Azure Bot resource (Configuration > Microsoft App ID) into MICROSOFT_APP_ID or pass --app-id.`,
    );
  }
  let url: URL;
  try {
    url = new URL(input.publicUrl);
  } catch {
    url = new URL('invalid://');
  }
  if (url.protocol !== 'https:') {
    throw new ConfigError(
      `The public URL "${input.publicUrl}" is not an https URL. Set LUMEN_PUBLIC_URL (or pass --public-url) to the address Teams reaches Lumen at, e.g. https://lumen.example.com.`,
    );
  }
  if (!SEMVER.test(input.version)) {
    throw new ConfigError(
      `The version "${input.version}" is not of the form 1.2.3. Pass --version like 1.0.0.`,
    );
  }
  const base = url.origin;
  const values: Record<string, string> = {
    MICROSOFT_APP_ID: input.appId.toLowerCase(),
    PUBLIC_URL: base,
    LUMEN_DOMAIN: url.host,
    VERSION: input.version,
  };
  const template = readFileSync(join(dir, 'manifest.json'), 'utf8');
  const filled = template.replace(/\{\{(\w+)\}\}/g, (match, name: string) => values[name] ?? match);
  return JSON.parse(filled) as Record<string, unknown>;
}

/** The zip an admin uploads to Teams: manifest.json and the two icons at its root. */
export function buildTeamsAppPackage(input: TeamsPackageInput, dir = TEAMS_MANIFEST_DIR): Uint8Array {
  const manifest = renderTeamsManifest(input, dir);
  const fixed = new Date('2026-01-01T00:00:00Z');
  return zipSync(
    {
      'manifest.json': [new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`), { mtime: fixed }],
      'color.png': [readFileSync(join(dir, 'color.png')), { mtime: fixed }],
      'outline.png': [readFileSync(join(dir, 'outline.png')), { mtime: fixed }],
    },
    { level: 9 },
  );
}
