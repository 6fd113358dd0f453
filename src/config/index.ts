import { existsSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import type { OidcSettings } from '../channels/web/admin/oidc-sign-in.js';
import { ConfigError } from '../core/errors.js';
import { companyRecognizers } from '../core/governance/pii.js';
import { FILE_LIMIT_SETTINGS, type FileLimits, fileLimitsOf } from '../knowledge/file-limits.js';
import { type ConnectorConfig, loadConnectorConfig } from '../knowledge/sync/connector-config.js';
import { COMPANY_SYNONYMS_FILE_NAME } from '../knowledge/synonyms/company-synonyms.js';
import { AZURE_SETTINGS, type AzureConfig, toAzureConfig } from './azure.js';
import { type EscalationConfig, escalationConfig } from './escalation.js';
import { type SlackConfig, slackConfigOf, slackSchema } from './slack.js';
import { type LegalPages, type TeamsSettings, teamsConfigOf, teamsSchema } from './teams.js';

/** The repository root, where the sample knowledge base and prompts live. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The sample company's documents, indexed when no other folder is configured. */
export const SAMPLE_KNOWLEDGE_DIR = resolve(PACKAGE_ROOT, 'samples/knowledge');

/** The built-in AI-literacy curriculum. */
export const BUILT_IN_LESSONS_DIR = resolve(PACKAGE_ROOT, 'prompts/lessons');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** Settings whose values never appear in error messages. */
const SECRET_SETTINGS = new Set([
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'MICROSOFT_APP_PASSWORD',
]);

const schema = z.object({
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a whole number from 0 to 65535')
    .transform(Number)
    .refine((port) => port <= 65535, 'must be a whole number from 0 to 65535')
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
  LUMEN_LESSONS_DIR: z.string().min(1).optional(),
  LUMEN_SYNONYMS_FILE: z.string().min(1).optional(),
  LUMEN_WEB_IDENTITY: z
    .enum(['anonymous', 'demo'], {
      error: 'must be "anonymous" (public content only) or "demo" (pick a sample persona)',
    })
    .default('anonymous'),
  LUMEN_ADMINS: list.default([]),
  LUMEN_ESCALATION_ROUTES: z.string().optional(),
  LUMEN_ESCALATION_QUEUES: z.string().optional(),
  LUMEN_ESCALATION_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  LUMEN_ESCALATION_REMIND_MINUTES: z
    .string()
    .regex(/^\d{1,6}$/, 'must be a whole number of minutes')
    .transform(Number)
    .optional(),
  LUMEN_SENSITIVE_TOPICS: z.string().optional(),
  LUMEN_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LUMEN_ADMIN_OIDC_ISSUER: z.url({ error: "must be the provider's issuer URL" }).optional(),
  LUMEN_ADMIN_OIDC_CLIENT_ID: z.string().min(1).optional(),
  LUMEN_ADMIN_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  LUMEN_PSEUDONYM_SECRET: z.string().min(8, 'must be at least 8 characters').optional(),
  LUMEN_TRUST_PROXY: z
    .string()
    .transform((v, ctx) => {
      const trust = parseTrustProxy(v);
      if (trust === undefined) {
        ctx.addIssue({
          code: 'custom',
          message:
            'must be the number of proxies in front of Lumen (such as 1) or their addresses (such as 10.0.0.0/8,127.0.0.1; also loopback, linklocal, uniquelocal)',
        });
        return z.NEVER;
      }
      return trust;
    })
    .optional(),
  LUMEN_AUDIT_KEY: z.string().min(32, 'must be at least 32 characters (a random secret)').optional(),
  LUMEN_LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error'], { error: 'must be debug, info, warn or error' })
    .default('info'),
  LUMEN_PII_PATTERNS: z
    .string()
    .transform((v, ctx) => {
      const specs = v
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean);
      try {
        companyRecognizers(specs);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `is not valid: ${(error as Error).message}` });
        return z.NEVER;
      }
      return specs;
    })
    .default([]),
  LUMEN_STORE_CONVERSATION_TEXT: bool.default(true),
  LUMEN_RETAIN_CONVERSATION_DAYS: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a whole number of days (0 to keep until erased)')
    .transform(Number)
    .default(90),
  LUMEN_RETAIN_FEEDBACK_COMMENT_DAYS: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a whole number of days (0 to keep until erased)')
    .transform(Number)
    .default(365),
  LUMEN_RETAIN_AUDIT_DAYS: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a whole number of days (0 to keep forever)')
    .transform(Number)
    .default(730),
  LUMEN_LEGAL_HOLD: list.default([]),
  LUMEN_RATE_LIMIT_PER_MINUTE: z
    .string()
    .regex(/^\d{1,6}$/, 'must be a whole number of questions per minute (0 for no limit)')
    .transform(Number)
    .default(20),
  LUMEN_DAILY_TOKEN_BUDGET: z
    .string()
    .regex(/^\d{1,12}$/, 'must be a whole number of model tokens per person per day (0 for no limit)')
    .transform(Number)
    .default(100_000),
  LUMEN_INTERRUPTED_TURN_SECONDS: z
    .string()
    .regex(/^[1-9]\d{0,5}$/, 'must be a whole number of seconds, at least 1')
    .transform(Number)
    .default(90),
  ...FILE_LIMIT_SETTINGS,
  ...slackSchema,
  ...AZURE_SETTINGS,
  ...teamsSchema,
});

export type { EscalationConfig } from './escalation.js';
export type { TeamsSettings } from './teams.js';

/** Validated, typed settings; read once at start and passed down. */
export interface Config extends ConnectorConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  knowledgeDir: string;
  /**
   * The company synonyms file (Solr synonym format): LUMEN_SYNONYMS_FILE, else `synonyms.txt`
   * at the root of the knowledge folder when there is one; absent: no company synonyms.
   */
  synonymsFile?: string;
  /** Whether `synonymsFile` was set with LUMEN_SYNONYMS_FILE rather than found in the knowledge folder. */
  synonymsFileExplicit?: boolean;
  /** An extra folder of lessons from the learning team, taught after the built-in ones. */
  lessonsDir?: string;
  ingestOnStart: boolean;
  /** How much of one file ingestion reads, from every source (size, unpacked XML, text). */
  fileLimits: FileLimits;
  webIdentity: 'anonymous' | 'demo';
  admins: string[];
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Company PII patterns, `NAME=regex` each, masked with the built-in entity types. */
  piiPatterns: string[];
  storeConversationText: boolean;
  /** Days each data class is kept, and the user ids under legal hold. */
  retention: {
    conversationTextDays: number;
    feedbackCommentDays: number;
    auditDays: number;
    legalHold: string[];
  };
  /** Questions per person per minute, and model tokens per person per day (0: no limit). */
  limits: { questionsPerMinute: number; dailyTokens: number };
  /** How long an unfinished turn must be old before its asker is told it was interrupted. */
  interruptedTurnSeconds: number;
  /** Present when the Slack channel is configured. */
  slack?: SlackConfig;
  /** Azure OpenAI and Azure AI Search, when configured (absent in configurations built by hand). */
  azure?: AzureConfig;
  /** Public base URL (citation links, Teams app package); absent for local use. */
  publicUrl?: string;
  /** The Teams bot identity (absent in configurations built by hand: unauthenticated, loopback only). */
  teams?: TeamsSettings;
  /** Files for /privacy and /terms; Lumen's default text without them. */
  legalPages?: LegalPages;
  /** Escalation routing, queues and policy; absent parts take the core's defaults. */
  escalation?: EscalationConfig;
  /** Token for the admin web page's login; the page is off without it. */
  adminToken?: string;
  /** Single sign-on for the admin page with an OpenID Connect provider (Microsoft Entra ID). */
  adminOidc?: OidcSettings;
  /** Key for pseudonyms in exports; without it a per-data-directory key is used. */
  pseudonymSecret?: string;
  /** Key the audit chain is hashed with; without it a per-data-directory key is used. */
  auditKey?: string;
  /**
   * The proxies in front of Lumen whose X-Forwarded-For and X-Forwarded-Proto are believed:
   * how many, or their addresses. Absent: none, the peer is the client.
   */
  trustProxy?: number | string[];
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
        /^DATABASE_URL$|TOKEN|SECRET|PASSWORD/.test(name) ||
        name.endsWith('_KEY') ||
        SECRET_SETTINGS.has(name)
          ? '(hidden)'
          : JSON.stringify(value);
      return `${name} ${issue.message} (got ${shown})`;
    });
    throw new ConfigError(
      `Invalid configuration: ${problems.join('; ')}. Fix it in the environment or in .env.`,
    );
  }
  const s = parsed.data;
  const escalation = escalationConfig({
    routes: s.LUMEN_ESCALATION_ROUTES,
    queues: s.LUMEN_ESCALATION_QUEUES,
    webhookSecret: s.LUMEN_ESCALATION_WEBHOOK_SECRET,
    remindMinutes: s.LUMEN_ESCALATION_REMIND_MINUTES,
    sensitiveTopics: s.LUMEN_SENSITIVE_TOPICS,
  });
  const knowledgeDir = resolve(s.LUMEN_KNOWLEDGE_DIR ?? SAMPLE_KNOWLEDGE_DIR);
  if (s.LUMEN_KNOWLEDGE_DIR && !existsSync(knowledgeDir)) {
    throw new ConfigError(
      `Invalid configuration: LUMEN_KNOWLEDGE_DIR points to ${knowledgeDir}, which does not exist. Set it to a folder of documents.`,
    );
  }
  const connectors = loadConnectorConfig(present);
  const fileLimits = fileLimitsOf(s);
  // SharePoint files take the general size limit unless SHAREPOINT_MAX_FILE_MB sets their own.
  if (connectors.sharepoint && !present.SHAREPOINT_MAX_FILE_MB) {
    connectors.sharepoint.maxFileBytes = fileLimits.maxFileBytes;
  }
  const lessonsDir = s.LUMEN_LESSONS_DIR ? resolve(s.LUMEN_LESSONS_DIR) : undefined;
  if (lessonsDir && !existsSync(lessonsDir)) {
    throw new ConfigError(
      `Invalid configuration: LUMEN_LESSONS_DIR points to ${lessonsDir}, which does not exist. Set it to a folder of lesson files.`,
    );
  }
  const synonyms = synonymsFileOf(s.LUMEN_SYNONYMS_FILE, knowledgeDir);
  return {
    port: s.PORT,
    host: s.HOST,
    dataDir: resolve(s.LUMEN_DATA_DIR),
    ...(s.DATABASE_URL ? { databaseUrl: s.DATABASE_URL } : {}),
    knowledgeDir,
    ...synonyms,
    ...(lessonsDir ? { lessonsDir } : {}),
    ingestOnStart: s.LUMEN_INGEST_ON_START,
    fileLimits,
    webIdentity: s.LUMEN_WEB_IDENTITY,
    admins: s.LUMEN_ADMINS.map((a) => a.toLowerCase()),
    logLevel: s.LUMEN_LOG_LEVEL,
    piiPatterns: s.LUMEN_PII_PATTERNS,
    storeConversationText: s.LUMEN_STORE_CONVERSATION_TEXT,
    retention: {
      conversationTextDays: s.LUMEN_RETAIN_CONVERSATION_DAYS,
      feedbackCommentDays: s.LUMEN_RETAIN_FEEDBACK_COMMENT_DAYS,
      auditDays: s.LUMEN_RETAIN_AUDIT_DAYS,
      legalHold: s.LUMEN_LEGAL_HOLD,
    },
    limits: { questionsPerMinute: s.LUMEN_RATE_LIMIT_PER_MINUTE, dailyTokens: s.LUMEN_DAILY_TOKEN_BUDGET },
    interruptedTurnSeconds: s.LUMEN_INTERRUPTED_TURN_SECONDS,
    ...slackConfigOf(s),
    azure: toAzureConfig(s),
    ...teamsConfigOf(s),
    ...(escalation ? { escalation } : {}),
    ...(s.LUMEN_ADMIN_TOKEN ? { adminToken: s.LUMEN_ADMIN_TOKEN } : {}),
    ...adminOidcOf(s),
    ...(s.LUMEN_PSEUDONYM_SECRET ? { pseudonymSecret: s.LUMEN_PSEUDONYM_SECRET } : {}),
    ...(s.LUMEN_AUDIT_KEY ? { auditKey: s.LUMEN_AUDIT_KEY } : {}),
    ...(s.LUMEN_TRUST_PROXY !== undefined ? { trustProxy: s.LUMEN_TRUST_PROXY } : {}),
    ...connectors,
  };
}

/** `1` (hops) or `10.0.0.0/8,127.0.0.1` (addresses, subnets, Express's named ranges); undefined when neither. */
function parseTrustProxy(value: string): number | string[] | undefined {
  const text = value.trim();
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const valid = entries.every((entry) => {
    if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const maxPrefix = family === 4 ? 32 : 128;
    return (
      family !== 0 &&
      rest.length === 0 &&
      (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix))
    );
  });
  return entries.length > 0 && valid ? entries : undefined;
}

export { readEnvFile } from './env-file.js';

/**
 * The company synonyms file: the one LUMEN_SYNONYMS_FILE names, which must exist, else the
 * knowledge folder's root `synonyms.txt` when it has one.
 */
function synonymsFileOf(
  setting: string | undefined,
  knowledgeDir: string,
): { synonymsFile?: string; synonymsFileExplicit?: boolean } {
  if (setting !== undefined) {
    const synonymsFile = resolve(setting);
    if (!isFile(synonymsFile)) {
      throw new ConfigError(
        `Invalid configuration: LUMEN_SYNONYMS_FILE points to ${synonymsFile}, which ${existsSync(synonymsFile) ? 'is not a file' : 'does not exist'}. Set it to a company synonyms file, or leave it unset to use ${COMPANY_SYNONYMS_FILE_NAME} in the knowledge folder.`,
      );
    }
    return { synonymsFile, synonymsFileExplicit: true };
  }
  const synonymsFile = join(knowledgeDir, COMPANY_SYNONYMS_FILE_NAME);
  return isFile(synonymsFile) ? { synonymsFile, synonymsFileExplicit: false } : {};
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** Admin single sign-on settings; the issuer needs a client id, a secret and the public URL to come back to. */
function adminOidcOf(s: z.output<typeof schema>): { adminOidc?: OidcSettings } {
  if (!s.LUMEN_ADMIN_OIDC_ISSUER) return {};
  const missing = [
    ...(s.LUMEN_ADMIN_OIDC_CLIENT_ID ? [] : ['LUMEN_ADMIN_OIDC_CLIENT_ID']),
    ...(s.LUMEN_ADMIN_OIDC_CLIENT_SECRET ? [] : ['LUMEN_ADMIN_OIDC_CLIENT_SECRET']),
    ...(s.LUMEN_PUBLIC_URL ? [] : ['LUMEN_PUBLIC_URL']),
  ];
  if (missing.length > 0) {
    throw new ConfigError(
      `Invalid configuration: LUMEN_ADMIN_OIDC_ISSUER is set, which also needs ${missing.join(', ')}. Register Lumen with the provider, redirect URI <LUMEN_PUBLIC_URL>/admin/oidc/callback.`,
    );
  }
  return {
    adminOidc: {
      issuer: s.LUMEN_ADMIN_OIDC_ISSUER,
      clientId: s.LUMEN_ADMIN_OIDC_CLIENT_ID!,
      clientSecret: s.LUMEN_ADMIN_OIDC_CLIENT_SECRET!,
      redirectUri: `${s.LUMEN_PUBLIC_URL!.replace(/\/+$/, '')}/admin/oidc/callback`,
    },
  };
}
