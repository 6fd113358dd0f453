import type { Copilot } from '../../core/copilot.js';
import type { Clock, CuratedEntry, IndexedDocument, OutboxRepository } from '../../core/ports.js';
import type { Principal } from '../../knowledge/document.js';

/** Severity of a web channel log line. */
export type WebLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Where the web channel writes operational logs: codes and ids, never message text. */
export type WebLog = (level: WebLogLevel, message: string, fields: Record<string, unknown>) => void;

/** A made-up identity for local demos, picked on the page in `demo` identity mode. */
export interface DemoPersona {
  id: string;
  name: string;
  email?: string;
  groups: string[];
}

/**
 * How browsers are identified: `anonymous` users read public content only; `demo` lets the
 * page pick one of `demoPersonas`, which is not authentication and is meant for local demos.
 */
export type WebIdentityMode = 'anonymous' | 'demo';

/** Everything the web chat channel needs; the channel decides nothing about what to say. */
export interface WebChannelOptions {
  copilot: Copilot;
  outbox: OutboxRepository;
  /** Folder whose files citations link to under `/knowledge/<relative path>`. */
  knowledgeRoot?: string;
  /** Looks up an indexed document by its path relative to `knowledgeRoot`, to check its ACL. */
  findDocument(relativePath: string): Promise<IndexedDocument | undefined>;
  /** Looks up a curated answer, so its citations can be opened by readers its ACL allows. */
  findCurated?(id: string): Promise<CuratedEntry | undefined>;
  /** Example questions for an empty chat, from the knowledge these principals may read. */
  exampleQuestions?(principals: Principal[]): Promise<string[]>;
  identityMode: WebIdentityMode;
  demoPersonas?: DemoPersona[];
  /** Largest accepted JSON body; 64 KiB when not set. */
  maxBodyBytes?: number;
  clock?: Clock;
  log?: WebLog;
}

/** Default cap on a JSON request body. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Logs warnings and errors to stderr as JSON lines when the host gives no logger. */
export const stderrLog: WebLog = (level, message, fields) => {
  if (level !== 'warn' && level !== 'error') return;
  process.stderr.write(`${JSON.stringify({ level, channel: 'web', message, ...fields })}\n`);
};
