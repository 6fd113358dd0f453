import * as z from 'zod';
import { ConfigError } from '../../core/errors.js';
import type { FileLimits } from '../file-limits.js';

/** SharePoint through Microsoft Graph with an app registration (client credentials). */
export interface SharePointConfig {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Site URLs (`https://contoso.sharepoint.com/sites/hr`) or Graph site ids. */
  sites: string[];
  /** Graph root, `https://graph.microsoft.com` unless a national cloud or a stand-in. */
  graphUrl: string;
  maxFileBytes: number;
  /**
   * Names an admin gave Entra groups, by group object id: askers in such a group also carry
   * these names (for Confluence groups provisioned from Entra). Empty: ids only.
   */
  groupNames: Record<string, string[]>;
}

/** Confluence Cloud (email + API token) or Data Center (personal access token). */
export interface ConfluenceConfig {
  baseUrl: string;
  auth: { kind: 'cloud'; email: string; apiToken: string } | { kind: 'datacenter'; token: string };
  spaces: string[];
  /** Index readable attachments (PDF, DOCX, ...) of the pages too. */
  attachments: boolean;
}

/** The connector settings; each part is present only when configured. */
export interface ConnectorConfig {
  sharepoint?: SharePointConfig;
  confluence?: ConfluenceConfig;
  /** Minutes between scheduled syncs in the server; absent means no scheduled sync. */
  syncIntervalMinutes?: number;
  /** Limits on each synced file (set with the general settings; defaults when absent). */
  fileLimits?: FileLimits;
}

const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const httpUrl = z
  .string()
  .regex(/^https?:\/\/[^\s/]+/, 'must be an http(s) URL')
  .transform((v) => v.replace(/\/+$/, ''));
const wholeNumber = (what: string) =>
  z.string().regex(/^\d+$/, `must be a whole number of ${what}`).transform(Number);

const schema = z.object({
  SHAREPOINT_TENANT_ID: z.string().optional(),
  SHAREPOINT_CLIENT_ID: z.string().optional(),
  SHAREPOINT_CLIENT_SECRET: z.string().optional(),
  SHAREPOINT_SITES: list.optional(),
  SHAREPOINT_MAX_FILE_MB: wholeNumber('megabytes').optional(),
  GRAPH_API_URL: httpUrl.optional(),
  ENTRA_GROUP_NAMES: z
    .string()
    .transform((v, ctx) => {
      if (/^\s*(false|0|no)\s*$/i.test(v)) return {};
      const entries = v.split(',').map((entry) => entry.trim().split('='));
      const valid = entries.every(
        ([id, names, ...rest]) => rest.length === 0 && /^[0-9a-f-]{36}$/i.test(id ?? '') && names?.trim(),
      );
      if (!valid) {
        ctx.addIssue({
          code: 'custom',
          message:
            'must name each Entra group by its object id, like 0b1c…-…=hr-team|people,5d2e…-…=finance (display names are not unique and anyone may create a Microsoft 365 group, so "true" is no longer accepted)',
        });
        return z.NEVER;
      }
      return Object.fromEntries(
        entries.map(([id, names]) => [
          id!.toLowerCase(),
          names!
            .split('|')
            .map((name) => name.trim().toLowerCase())
            .filter(Boolean),
        ]),
      );
    })
    .optional(),
  CONFLUENCE_BASE_URL: httpUrl.optional(),
  CONFLUENCE_EMAIL: z.string().optional(),
  CONFLUENCE_API_TOKEN: z.string().optional(),
  CONFLUENCE_PAT: z.string().optional(),
  CONFLUENCE_SPACES: list.optional(),
  CONFLUENCE_ATTACHMENTS: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .optional(),
  LUMEN_SYNC_INTERVAL_MINUTES: wholeNumber('minutes').optional(),
});

const SECRETS = new Set(['SHAREPOINT_CLIENT_SECRET', 'CONFLUENCE_API_TOKEN', 'CONFLUENCE_PAT']);

/**
 * Reads the SharePoint, Confluence and sync settings from an environment whose empty
 * values were already dropped. Setting any of a connector's variables asks for that
 * connector, so the error names every one still missing.
 */
export function loadConnectorConfig(present: Record<string, string | undefined>): ConnectorConfig {
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'setting');
      const shown = SECRETS.has(name) ? '(hidden)' : JSON.stringify(present[name]);
      return `${name} ${issue.message} (got ${shown})`;
    });
    throw new ConfigError(
      `Invalid configuration: ${problems.join('; ')}. Fix it in the environment or in .env.`,
    );
  }
  const s = parsed.data;
  const out: ConnectorConfig = {};
  const problems: string[] = [];

  const sharePointKeys = Object.keys(present).filter((k) => k.startsWith('SHAREPOINT_'));
  if (sharePointKeys.length > 0) {
    const missing = (
      [
        'SHAREPOINT_TENANT_ID',
        'SHAREPOINT_CLIENT_ID',
        'SHAREPOINT_CLIENT_SECRET',
        'SHAREPOINT_SITES',
      ] as const
    ).filter((k) => s[k] === undefined || (Array.isArray(s[k]) && s[k].length === 0));
    if (missing.length > 0) {
      problems.push(
        `SharePoint needs ${missing.join(', ')} (set because ${sharePointKeys[0]} is set); SHAREPOINT_SITES is a comma-separated list of site URLs or ids`,
      );
    } else {
      out.sharepoint = {
        tenantId: s.SHAREPOINT_TENANT_ID!,
        clientId: s.SHAREPOINT_CLIENT_ID!,
        clientSecret: s.SHAREPOINT_CLIENT_SECRET!,
        sites: s.SHAREPOINT_SITES!,
        graphUrl: s.GRAPH_API_URL ?? 'https://graph.microsoft.com',
        maxFileBytes: (s.SHAREPOINT_MAX_FILE_MB ?? 50) * 1024 * 1024,
        groupNames: s.ENTRA_GROUP_NAMES ?? {},
      };
    }
  }

  const confluenceKeys = Object.keys(present).filter((k) => k.startsWith('CONFLUENCE_'));
  if (confluenceKeys.length > 0) {
    const cloud = s.CONFLUENCE_EMAIL !== undefined || s.CONFLUENCE_API_TOKEN !== undefined;
    const missing = [
      ...(s.CONFLUENCE_BASE_URL ? [] : ['CONFLUENCE_BASE_URL']),
      ...(s.CONFLUENCE_SPACES?.length ? [] : ['CONFLUENCE_SPACES']),
      ...(cloud
        ? [
            ...(s.CONFLUENCE_EMAIL ? [] : ['CONFLUENCE_EMAIL']),
            ...(s.CONFLUENCE_API_TOKEN ? [] : ['CONFLUENCE_API_TOKEN']),
          ]
        : s.CONFLUENCE_PAT
          ? []
          : ['CONFLUENCE_EMAIL and CONFLUENCE_API_TOKEN (Cloud) or CONFLUENCE_PAT (Data Center)']),
    ];
    if (cloud && s.CONFLUENCE_PAT) {
      problems.push(
        'Confluence takes CONFLUENCE_EMAIL + CONFLUENCE_API_TOKEN (Cloud) or CONFLUENCE_PAT (Data Center), not both',
      );
    } else if (missing.length > 0) {
      problems.push(`Confluence needs ${missing.join(', ')} (set because ${confluenceKeys[0]} is set)`);
    } else {
      out.confluence = {
        baseUrl: s.CONFLUENCE_BASE_URL!,
        auth: cloud
          ? { kind: 'cloud', email: s.CONFLUENCE_EMAIL!, apiToken: s.CONFLUENCE_API_TOKEN! }
          : { kind: 'datacenter', token: s.CONFLUENCE_PAT! },
        spaces: s.CONFLUENCE_SPACES!,
        attachments: s.CONFLUENCE_ATTACHMENTS ?? false,
      };
    }
  }

  if (s.LUMEN_SYNC_INTERVAL_MINUTES !== undefined && s.LUMEN_SYNC_INTERVAL_MINUTES > 0) {
    out.syncIntervalMinutes = s.LUMEN_SYNC_INTERVAL_MINUTES;
  }
  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid configuration: ${problems.join('; ')}. Fix it in the environment or in .env.`,
    );
  }
  return out;
}
