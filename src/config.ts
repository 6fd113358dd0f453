import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config as readDotEnv } from 'dotenv';
import { z } from 'zod';
import { type EscalationRoute, parseEscalationRoutes } from './core/escalation/routing.js';
import { SENSITIVE_TOPICS, type SensitivePolicies, type SensitiveTopic } from './core/escalation/topics.js';
import type { ChannelKind } from './core/turn.js';
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
  LUMEN_PSEUDONYM_SECRET: z.string().min(8, 'must be at least 8 characters').optional(),
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
  /** Escalation routing, queues and policy; absent parts take the core's defaults. */
  escalation?: EscalationConfig;
  /** Token for the admin web page's login; the page is off without it. */
  adminToken?: string;
  /** Key for pseudonyms in exports; without it a per-data-directory key is used. */
  pseudonymSecret?: string;
}

/** Escalation settings from `LUMEN_ESCALATION_*` and `LUMEN_SENSITIVE_TOPICS`. */
export interface EscalationConfig {
  routes: EscalationRoute[];
  /** Webhook URL per queue name. */
  webhooks: Record<string, string>;
  /** Chat conversation (Lumen conversation key, e.g. `slack:T1:C42:`) per queue name. */
  channels: Record<string, { channel: ChannelKind; conversationKey: string }>;
  webhookSecret?: string;
  remindAfterMinutes?: number;
  sensitive: SensitivePolicies;
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
      const shown = /^DATABASE_URL$|TOKEN|SECRET/.test(name) ? '(hidden)' : JSON.stringify(value);
      return `${name} ${issue.message} (got ${shown})`;
    });
    throw new ConfigError(
      `Invalid configuration: ${problems.join('; ')}. Fix it in the environment or in .env.`,
    );
  }
  const s = parsed.data;
  const escalation = escalationConfig(s);
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
    ...(escalation ? { escalation } : {}),
    ...(s.LUMEN_ADMIN_TOKEN ? { adminToken: s.LUMEN_ADMIN_TOKEN } : {}),
    ...(s.LUMEN_PSEUDONYM_SECRET ? { pseudonymSecret: s.LUMEN_PSEUDONYM_SECRET } : {}),
  };
}

function escalationConfig(s: z.infer<typeof schema>): EscalationConfig | undefined {
  if (
    !s.LUMEN_ESCALATION_ROUTES &&
    !s.LUMEN_ESCALATION_QUEUES &&
    !s.LUMEN_SENSITIVE_TOPICS &&
    s.LUMEN_ESCALATION_REMIND_MINUTES === undefined
  ) {
    return undefined;
  }
  const fail = (name: string, message: string): never => {
    throw new ConfigError(`Invalid configuration: ${name} ${message}. Fix it in the environment or in .env.`);
  };
  let routes: EscalationRoute[] = [];
  try {
    routes = parseEscalationRoutes(s.LUMEN_ESCALATION_ROUTES ?? '');
  } catch (error) {
    fail('LUMEN_ESCALATION_ROUTES', (error as Error).message);
  }
  const webhooks: Record<string, string> = {};
  const channels: EscalationConfig['channels'] = {};
  for (const entry of (s.LUMEN_ESCALATION_QUEUES ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const chat = /^([\w-]+)=((slack|teams|web|cli):\S+)$/.exec(entry);
    if (chat) {
      channels[chat[1]!] = { channel: chat[3] as ChannelKind, conversationKey: chat[2]! };
      continue;
    }
    const m = /^([\w-]+)=(https?:\/\/\S+)$/.exec(entry);
    if (!m) {
      fail(
        'LUMEN_ESCALATION_QUEUES',
        `has "${entry}"; write <queue>=<https URL> or <queue>=<conversation key such as slack:T1:C42:>, comma-separated`,
      );
    }
    webhooks[m![1]!] = m![2]!;
  }
  if (Object.keys(webhooks).length > 0 && !s.LUMEN_ESCALATION_WEBHOOK_SECRET) {
    fail('LUMEN_ESCALATION_WEBHOOK_SECRET', 'is required when LUMEN_ESCALATION_QUEUES names a webhook');
  }
  const sensitive: SensitivePolicies = {};
  const policyText = (s.LUMEN_SENSITIVE_TOPICS ?? '').trim();
  if (policyText === 'handover' || policyText === 'answer') {
    for (const topic of SENSITIVE_TOPICS) sensitive[topic] = policyText;
  } else {
    for (const entry of policyText
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const [topic, policy] = entry.split('=');
      if (
        !SENSITIVE_TOPICS.includes(topic as SensitiveTopic) ||
        (policy !== 'handover' && policy !== 'answer')
      ) {
        fail(
          'LUMEN_SENSITIVE_TOPICS',
          `has "${entry}"; write handover, answer, or <topic>=handover|answer with topics ${SENSITIVE_TOPICS.join(', ')}`,
        );
      }
      sensitive[topic as SensitiveTopic] = policy as 'handover' | 'answer';
    }
  }
  return {
    routes,
    webhooks,
    channels,
    ...(s.LUMEN_ESCALATION_WEBHOOK_SECRET ? { webhookSecret: s.LUMEN_ESCALATION_WEBHOOK_SECRET } : {}),
    ...(s.LUMEN_ESCALATION_REMIND_MINUTES !== undefined
      ? { remindAfterMinutes: s.LUMEN_ESCALATION_REMIND_MINUTES }
      : {}),
    sensitive,
  };
}

/** Reads `.env` from the working directory into `process.env` (existing variables win). */
export function readEnvFile(): void {
  readDotEnv({ quiet: true });
}
