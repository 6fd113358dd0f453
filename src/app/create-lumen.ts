import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelMessenger, OutboxMessenger } from '../channels/outbox-messenger.js';
import type { TeamsAdapter } from '../channels/teams/create-adapter.js';
import { BUILT_IN_LESSONS_DIR, type Config } from '../config/index.js';
import { pseudonymSecret } from '../config/secrets.js';
import { AuditTrail } from '../core/governance/audit.js';
import { companyRecognizers, createPiiMasker } from '../core/governance/pii.js';
import { PrivacyOffice } from '../core/governance/privacy.js';
import { createCopilot } from '../core/index.js';
import { type LessonCatalog, loadLessonCatalog } from '../core/lessons/lesson-catalog.js';
import type {
  ChatModel,
  Clock,
  HealthCheck,
  KnowledgeIndex,
  Logger,
  Messenger,
  Store,
} from '../core/ports.js';
import { silentLogger, systemClock } from '../core/ports.js';
import { journalTurns } from '../core/turn-journal.js';
import { paceTurns, TurnPacer } from '../core/turn-pacer.js';
import { LocalIndex } from '../knowledge/index/local/index.js';
import { loadCompanySynonyms } from '../knowledge/synonyms/index.js';
import { ExtractiveModel } from '../llm/extractive/index.js';
import { type InstrumentedCopilot, instrumentCopilot } from '../observability/instrumented-copilot.js';
import { openTelemetryTracer } from '../observability/tracing.js';
import { openStore } from '../store/index.js';
import { QueryExpander, WordNet } from '../text/expansion/index.js';
import { createAzureChatModel, createAzureKnowledgeIndex } from './azure-backends.js';
import { escalationDependencies } from './escalation.js';

/** The wired application: ports chosen by configuration and the core on top of them. */
export interface Lumen {
  config: Config;
  store: Store;
  /** The local index (with `warm`) or Azure AI Search. */
  index: KnowledgeIndex & { warm?(): void };
  model: ChatModel;
  copilot: InstrumentedCopilot;
  /** Privacy requests (export, erasure) and the retention purge. */
  privacy: PrivacyOffice;
  lessons: LessonCatalog;
  messenger: Messenger;
  clock: Clock;
  log: Logger;
  /**
   * The Bot Framework adapter Teams messages arrive on and proactive messages leave by,
   * created on first use: Bot Framework takes most of a second to load, which a command
   * that never talks to Teams should not pay.
   */
  teams(): Promise<TeamsAdapter>;
  /** Every backend's health, for `doctor` and readiness. */
  checks(): Promise<HealthCheck[]>;
  close(): Promise<void>;
}

/** Loads Slack's SDK only when the Slack channel is configured. */
async function createSlackMessenger(slack: NonNullable<Config['slack']>) {
  const { SlackMessenger, slackClientOptions } = await import('../channels/slack/index.js');
  return SlackMessenger.fromConfig(slack, slackClientOptions(slack));
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
  options: {
    log?: Logger;
    clock?: Clock;
    /**
     * Keep turns, feedback and audit in a temporary store removed on close, while reading
     * the configured knowledge index: evaluation runs must not appear in employee analytics.
     */
    scratchStore?: boolean;
  } = {},
): Promise<Lumen> {
  const log = options.log ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const sqlitePath = databaseFile(config.dataDir);
  const lessons = loadLessonCatalog(lessonFolders(config));
  const scratchDir = options.scratchStore ? await mkdtemp(join(tmpdir(), 'lumen-scratch-')) : undefined;
  const auditKey = config.auditKey ? { auditKey: config.auditKey } : {};
  const store = await openStore(
    scratchDir
      ? { sqlitePath: databaseFile(scratchDir), ...auditKey }
      : { ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), ...auditKey, sqlitePath },
  );
  // The company's own synonyms join the built-in thesaurus and WordNet for both the local
  // index and the answerer (Azure AI Search gets them as a synonym map from `lumen index`).
  const expander = new QueryExpander({
    wordnet: WordNet.bundled(),
    company: await loadCompanySynonyms(config.synonymsFile),
  });
  const index = (await createAzureKnowledgeIndex(config, log)) ?? LocalIndex.open(sqlitePath, { expander });
  const extractive = new ExtractiveModel({ expander });
  const model = (await createAzureChatModel(config, extractive, log)) ?? extractive;
  const outboxMessenger = new OutboxMessenger(store.outbox, clock);
  const slack = config.slack ? await createSlackMessenger(config.slack) : undefined;
  const teamsSettings = config.teams ?? { appType: 'SingleTenant' };
  let teamsSide: Promise<{ adapter: TeamsAdapter; messenger: Messenger }> | undefined;
  const teams = () => {
    teamsSide ??= (async () => {
      const [{ createTeamsAdapter }, { TeamsMessenger }] = await Promise.all([
        import('../channels/teams/create-adapter.js'),
        import('../channels/teams/teams-messenger.js'),
      ]);
      const adapter = createTeamsAdapter({ settings: teamsSettings });
      const messenger = new TeamsMessenger({
        adapter: adapter.adapter,
        appId: teamsSettings.appId ?? '',
        store,
        clock,
        log,
        ...(config.publicUrl ? { render: { publicUrl: config.publicUrl } } : {}),
      });
      return { adapter, messenger };
    })();
    return teamsSide;
  };
  const teamsMessenger: Messenger = {
    async deliver(target, reply) {
      return (await teams()).messenger.deliver(target, reply);
    },
    async replace(target, messageRef, reply) {
      const { messenger } = await teams();
      return messenger.replace ? messenger.replace(target, messageRef, reply) : false;
    },
  };
  const messenger = new ChannelMessenger({
    web: outboxMessenger,
    cli: outboxMessenger,
    teams: teamsMessenger,
    ...(slack ? { slack } : {}),
  });
  // Askers' Entra groups, to match SharePoint permissions granted to groups.
  const groups = config.sharepoint
    ? (await import('../knowledge/sync/create-sources.js')).createGroupResolver(config.sharepoint)
    : undefined;
  const core = createCopilot({
    index,
    model,
    store,
    messenger,
    clock,
    log,
    tracer: openTelemetryTracer,
    expander,
    admins: config.admins,
    pii: createPiiMasker(companyRecognizers(config.piiPatterns)),
    storeConversationText: config.storeConversationText,
    limits: config.limits,
    pseudonymSecret: () => pseudonymSecret(config),
    ...(config.escalation ? { escalation: escalationDependencies(config.escalation, clock, messenger) } : {}),
    ...(groups ? { groups } : {}),
    lessons,
  });
  const pacer = new TurnPacer();
  // Journalled on arrival, so a turn still waiting to start when the process stops counts too.
  const copilot = instrumentCopilot(
    journalTurns(paceTurns(core, pacer), store.turnJournal, clock, log),
    store,
    () => pacer.queued,
  );
  const privacy = new PrivacyOffice(store, new AuditTrail(store.audit, clock, log), clock, config.retention);
  return {
    config,
    store,
    index,
    model,
    copilot,
    privacy,
    lessons,
    messenger,
    clock,
    log,
    teams: async () => (await teams()).adapter,
    checks: () =>
      Promise.all([store.check(), index.check(), model.check(), ...(slack ? [slack.check()] : [])]),
    async close() {
      await index.close();
      await store.close();
      if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
    },
  };
}
