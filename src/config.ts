import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config as readDotEnv } from 'dotenv';
import { z } from 'zod';
import { ConfigError } from './errors.js';

/** The repository root, where the sample knowledge base and prompts live. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The sample company's documents, indexed when no other folder is configured. */
export const SAMPLE_KNOWLEDGE_DIR = resolve(PACKAGE_ROOT, 'samples/knowledge');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const schema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a whole number from 0 to 65535' })
    .int('must be a whole number from 0 to 65535')
    .min(0, 'must be a whole number from 0 to 65535')
    .max(65535, 'must be a whole number from 0 to 65535')
    .default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  LUMEN_DATA_DIR: z.string().min(1).default('./.lumen'),
  DATABASE_URL: z
    .string()
    .regex(
      /^postgres(ql)?:\/\/.+/,
      'must be a PostgreSQL URL such as postgres://user:password@host:5432/lumen',
    )
    .optional(),
  LUMEN_KNOWLEDGE_DIR: z.string().min(1).optional(),
  LUMEN_INGEST_ON_START: bool.default(true),
  LUMEN_WEB_IDENTITY: z
    .enum(['anonymous', 'demo'], {
      error: 'must be "anonymous" (public content only) or "demo" (pick a sample persona)',
    })
    .default('anonymous'),
  LUMEN_ADMINS: list.default([]),
  LUMEN_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be the https URL people and Teams reach Lumen at' })
    .optional(),
  MICROSOFT_APP_ID: z.string().min(1).optional(),
  MICROSOFT_APP_PASSWORD: z.string().min(1).optional(),
  MICROSOFT_APP_TENANT_ID: z.string().min(1).optional(),
  MICROSOFT_APP_TYPE: z
    .enum(['SingleTenant', 'UserAssignedMSI'], { error: 'must be SingleTenant or UserAssignedMSI' })
    .default('SingleTenant'),
  LUMEN_LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error'], { error: 'must be debug, info, warn or error' })
    .default('info'),
});

/** Validated, typed settings; read once at start and passed down. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  knowledgeDir: string;
  ingestOnStart: boolean;
  webIdentity: 'anonymous' | 'demo';
  admins: string[];
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Public base URL (citation links, Teams app package); absent for local use. */
  publicUrl?: string;
  teams: TeamsSettings;
}

/** The Azure Bot identity Teams talks to; without `appId` the endpoint is loopback-only. */
export interface TeamsSettings {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: 'SingleTenant' | 'UserAssignedMSI';
}

/**
 * Validates settings from an environment. Empty values count as unset. The error names
 * every bad setting, its value and what is accepted.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'setting');
      const value = present[name];
      const shown =
        name === 'DATABASE_URL' || name === 'MICROSOFT_APP_PASSWORD' ? '(hidden)' : JSON.stringify(value);
      return `${name} ${issue.message} (got ${shown})`;
    });
    throw new ConfigError(
      `Invalid configuration: ${problems.join('; ')}. Fix it in the environment or in .env.`,
    );
  }
  const s = parsed.data;
  const teams = teamsSettings(s);
  const knowledgeDir = resolve(s.LUMEN_KNOWLEDGE_DIR ?? SAMPLE_KNOWLEDGE_DIR);
  if (s.LUMEN_KNOWLEDGE_DIR && !existsSync(knowledgeDir)) {
    throw new ConfigError(
      `Invalid configuration: LUMEN_KNOWLEDGE_DIR points to ${knowledgeDir}, which does not exist. Set it to a folder of documents.`,
    );
  }
  return {
    port: s.PORT,
    host: s.HOST,
    dataDir: resolve(s.LUMEN_DATA_DIR),
    ...(s.DATABASE_URL ? { databaseUrl: s.DATABASE_URL } : {}),
    knowledgeDir,
    ingestOnStart: s.LUMEN_INGEST_ON_START,
    webIdentity: s.LUMEN_WEB_IDENTITY,
    admins: s.LUMEN_ADMINS.map((a) => a.toLowerCase()),
    logLevel: s.LUMEN_LOG_LEVEL,
    ...(s.LUMEN_PUBLIC_URL ? { publicUrl: s.LUMEN_PUBLIC_URL.replace(/\/+$/, '') } : {}),
    teams,
  };
}

function teamsSettings(s: z.infer<typeof schema>): TeamsSettings {
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
  return {
    ...(s.MICROSOFT_APP_ID ? { appId: s.MICROSOFT_APP_ID } : {}),
    ...(s.MICROSOFT_APP_PASSWORD ? { appPassword: s.MICROSOFT_APP_PASSWORD } : {}),
    ...(s.MICROSOFT_APP_TENANT_ID ? { tenantId: s.MICROSOFT_APP_TENANT_ID } : {}),
    appType,
  };
}

/** Reads `.env` from the working directory into `process.env` (existing variables win). */
export function readEnvFile(): void {
  readDotEnv({ quiet: true });
}
