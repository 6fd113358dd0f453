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
  LUMEN_WEB_IDENTITY: z
    .enum(['anonymous', 'demo'], {
      error: 'must be "anonymous" (public content only) or "demo" (pick a sample persona)',
    })
    .default('anonymous'),
  LUMEN_ADMINS: list.default([]),
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
  /** An extra folder of lessons from the learning team, taught after the built-in ones. */
  lessonsDir?: string;
  ingestOnStart: boolean;
  webIdentity: 'anonymous' | 'demo';
  admins: string[];
  logLevel: 'debug' | 'info' | 'warn' | 'error';
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
      const shown = name === 'DATABASE_URL' ? '(hidden)' : JSON.stringify(value);
      return `${name} ${issue.message} (got ${shown})`;
    });
    throw new ConfigError(
      `Invalid configuration: ${problems.join('; ')}. Fix it in the environment or in .env.`,
    );
  }
  const s = parsed.data;
  const knowledgeDir = resolve(s.LUMEN_KNOWLEDGE_DIR ?? SAMPLE_KNOWLEDGE_DIR);
  if (s.LUMEN_KNOWLEDGE_DIR && !existsSync(knowledgeDir)) {
    throw new ConfigError(
      `Invalid configuration: LUMEN_KNOWLEDGE_DIR points to ${knowledgeDir}, which does not exist. Set it to a folder of documents.`,
    );
  }
  const lessonsDir = s.LUMEN_LESSONS_DIR ? resolve(s.LUMEN_LESSONS_DIR) : undefined;
  if (lessonsDir && !existsSync(lessonsDir)) {
    throw new ConfigError(
      `Invalid configuration: LUMEN_LESSONS_DIR points to ${lessonsDir}, which does not exist. Set it to a folder of lesson files.`,
    );
  }
  return {
    port: s.PORT,
    host: s.HOST,
    dataDir: resolve(s.LUMEN_DATA_DIR),
    ...(s.DATABASE_URL ? { databaseUrl: s.DATABASE_URL } : {}),
    knowledgeDir,
    ...(lessonsDir ? { lessonsDir } : {}),
    ingestOnStart: s.LUMEN_INGEST_ON_START,
    webIdentity: s.LUMEN_WEB_IDENTITY,
    admins: s.LUMEN_ADMINS.map((a) => a.toLowerCase()),
    logLevel: s.LUMEN_LOG_LEVEL,
  };
}

/** Reads `.env` from the working directory into `process.env` (existing variables win). */
export function readEnvFile(): void {
  readDotEnv({ quiet: true });
}
