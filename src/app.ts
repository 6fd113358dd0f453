import { join } from 'node:path';
import { ChannelMessenger, OutboxMessenger } from './channels/outbox-messenger.js';
import { BUILT_IN_LESSONS_DIR, type Config } from './config.js';
import { type CopilotCore, createCopilot } from './core/index.js';
import { type LessonCatalog, loadLessonCatalog } from './core/lessons/lesson-catalog.js';
import type { ChatModel, Clock, HealthCheck, Logger, Messenger, Store } from './core/ports.js';
import { silentLogger, systemClock } from './core/ports.js';
import { LocalIndex } from './knowledge/index/local/index.js';
import { ExtractiveModel } from './llm/extractive/index.js';
import { openStore } from './store/index.js';

/** The wired application: ports chosen by configuration and the core on top of them. */
export interface Lumen {
  config: Config;
  store: Store;
  index: LocalIndex;
  model: ChatModel;
  copilot: CopilotCore;
  lessons: LessonCatalog;
  messenger: Messenger;
  clock: Clock;
  log: Logger;
  /** Every backend's health, for `doctor` and readiness. */
  checks(): Promise<HealthCheck[]>;
  close(): Promise<void>;
}

/** File holding the SQLite store and the local knowledge index under the data directory. */
export function databaseFile(dataDir: string): string {
  return join(dataDir, 'lumen.db');
}

/** The built-in lesson folder, then the learning team's own when configured. */
export function lessonFolders(config: Pick<Config, 'lessonsDir'>): string[] {
  return [BUILT_IN_LESSONS_DIR, ...(config.lessonsDir ? [config.lessonsDir] : [])];
}

/** Builds Lumen from configuration: the one place that decides which backend runs. */
export async function createLumen(
  config: Config,
  options: { log?: Logger; clock?: Clock } = {},
): Promise<Lumen> {
  const log = options.log ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const sqlitePath = databaseFile(config.dataDir);
  const lessons = loadLessonCatalog(lessonFolders(config));
  const store = await openStore({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    sqlitePath,
  });
  const index = LocalIndex.open(sqlitePath);
  const model = new ExtractiveModel();
  const outboxMessenger = new OutboxMessenger(store.outbox, clock);
  const messenger = new ChannelMessenger({ web: outboxMessenger, cli: outboxMessenger });
  const copilot = createCopilot({
    index,
    model,
    store,
    messenger,
    clock,
    log,
    admins: config.admins,
    lessons,
  });
  return {
    config,
    store,
    index,
    model,
    copilot,
    lessons,
    messenger,
    clock,
    log,
    checks: () => Promise.all([store.check(), index.check(), model.check()]),
    async close() {
      await index.close();
      await store.close();
    },
  };
}
