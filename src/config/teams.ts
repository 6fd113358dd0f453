import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';
import { ConfigError } from '../core/errors.js';

/** The Azure Bot identity Teams talks to; without `appId` the endpoint is loopback-only. */
export interface TeamsSettings {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: 'SingleTenant' | 'UserAssignedMSI';
}

/** Teams settings, merged into the main configuration schema (`LUMEN_PUBLIC_URL` is shared). */
export const teamsSchema = {
  MICROSOFT_APP_ID: z.string().min(1).optional(),
  MICROSOFT_APP_PASSWORD: z.string().min(1).optional(),
  MICROSOFT_APP_TENANT_ID: z.string().min(1).optional(),
  MICROSOFT_APP_TYPE: z
    .enum(['SingleTenant', 'UserAssignedMSI'], { error: 'must be SingleTenant or UserAssignedMSI' })
    .default('SingleTenant'),
  LUMEN_PRIVACY_FILE: z.string().min(1).optional(),
  LUMEN_TERMS_FILE: z.string().min(1).optional(),
};

/** The company's own privacy statement and terms of use (Markdown or HTML), served at /privacy and /terms. */
export interface LegalPages {
  privacyFile?: string;
  termsFile?: string;
}

type TeamsInput = z.output<z.ZodObject<typeof teamsSchema>> & { LUMEN_PUBLIC_URL?: string | undefined };

/** The Teams part of the configuration; an app id needs its tenant (and a password for SingleTenant). */
export function teamsConfigOf(s: TeamsInput): {
  teams: TeamsSettings;
  publicUrl?: string;
  legalPages?: LegalPages;
} {
  const appType = s.MICROSOFT_APP_TYPE;
  if (s.MICROSOFT_APP_ID) {
    const missing = [
      ...(s.MICROSOFT_APP_TENANT_ID ? [] : ['MICROSOFT_APP_TENANT_ID']),
      ...(appType === 'SingleTenant' && !s.MICROSOFT_APP_PASSWORD ? ['MICROSOFT_APP_PASSWORD'] : []),
    ];
    if (missing.length > 0) {
      throw new ConfigError(
        `Invalid configuration: MICROSOFT_APP_ID is set with MICROSOFT_APP_TYPE=${appType}, which also needs ${missing.join(' and ')}. Set them from the Azure Bot resource, or unset MICROSOFT_APP_ID for local testing.`,
      );
    }
  }
  const legalPages: LegalPages = {};
  for (const [name, key] of [
    ['LUMEN_PRIVACY_FILE', 'privacyFile'],
    ['LUMEN_TERMS_FILE', 'termsFile'],
  ] as const) {
    const value = s[name];
    if (!value) continue;
    const file = resolve(value);
    if (!existsSync(file)) {
      throw new ConfigError(
        `Invalid configuration: ${name} points to ${file}, which does not exist. Set it to a Markdown or HTML file, or unset it for Lumen's default text.`,
      );
    }
    legalPages[key] = file;
  }
  return {
    ...(legalPages.privacyFile || legalPages.termsFile ? { legalPages } : {}),
    teams: {
      ...(s.MICROSOFT_APP_ID ? { appId: s.MICROSOFT_APP_ID } : {}),
      ...(s.MICROSOFT_APP_PASSWORD ? { appPassword: s.MICROSOFT_APP_PASSWORD } : {}),
      ...(s.MICROSOFT_APP_TENANT_ID ? { tenantId: s.MICROSOFT_APP_TENANT_ID } : {}),
      appType,
    },
    ...(s.LUMEN_PUBLIC_URL ? { publicUrl: s.LUMEN_PUBLIC_URL.replace(/\/+$/, '') } : {}),
  };
}
