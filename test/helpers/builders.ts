import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelMessenger, OutboxMessenger } from '../../src/channels/outbox-messenger.js';
import { BUILT_IN_LESSONS_DIR } from '../../src/config/index.js';
import type { UsageLimits } from '../../src/core/governance/usage-limits.js';
import { type CopilotCore, type CopilotDependencies, createCopilot } from '../../src/core/index.js';
import { type LessonCatalog, loadLessonCatalog } from '../../src/core/lessons/lesson-catalog.js';
import type {
  ChatModel,
  Clock,
  Delivered,
  DeliveryTarget,
  GroupResolver,
  KnowledgeIndex,
  Messenger,
  Store,
  Tracer,
} from '../../src/core/ports.js';
import type { ActionPayload, Reply } from '../../src/core/reply.js';
import type { Turn } from '../../src/core/turn.js';
import type { Chunk } from '../../src/knowledge/document.js';
import { LocalIndex } from '../../src/knowledge/index/local/index.js';
import { ExtractiveModel } from '../../src/llm/extractive/index.js';
import { openStore } from '../../src/store/index.js';

/** A chunk with sensible defaults; pass what the test is about. */
export function makeChunk(documentId: string, text: string, extra: Partial<Chunk> = {}): Chunk {
  const ordinal = extra.id?.split('#')[1] ?? '0';
  return {
    id: `${documentId}#${ordinal}`,
    documentId,
    source: 'folder',
    title: documentId.replace(/^folder:/, '').replace(/\.\w+$/, ''),
    url: `/knowledge/${documentId.replace(/^folder:/, '')}`,
    location: documentId.replace(/^folder:/, ''),
    headingPath: [],
    text,
    updatedAt: '2026-01-01T00:00:00.000Z',
    contentHash: 'hash',
    acl: ['everyone'],
    ...extra,
  };
}

/** Indexes one document made of the given chunks. */
export async function indexDocument(index: KnowledgeIndex, chunks: Chunk[]): Promise<void> {
  const first = chunks[0]!;
  await index.replaceDocument(
    {
      id: first.documentId,
      path: first.location.replace(/#.*$/, ''),
      hash: first.contentHash,
      acl: first.acl,
    },
    chunks,
  );
}

/** A message turn in a direct conversation unless the test says otherwise. */
export function makeTurn(text: string | undefined, extra: Partial<Turn> = {}): Turn {
  return {
    id: randomUUID(),
    channel: 'web',
    user: { id: 'u-1', name: 'Alex', groups: [] },
    conversation: { id: 'conv-1', kind: 'direct' },
    ...(text === undefined ? {} : { text }),
    receivedAt: new Date('2026-11-23T10:00:00Z'),
    ...extra,
  };
}

export function makeAction(action: ActionPayload, extra: Partial<Turn> = {}): Turn {
  return makeTurn(undefined, { action, ...extra });
}

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private current = new Date('2026-11-23T10:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** A real core on a temporary SQLite store and local index. */
export interface TestCore {
  copilot: CopilotCore;
  index: KnowledgeIndex;
  store: Store;
  clock: ManualClock;
  dir: string;
  close(): Promise<void>;
}

export async function createTestCore(
  options: {
    admins?: string[];
    model?: ChatModel;
    index?: KnowledgeIndex;
    storeConversationText?: boolean;
    limits?: Partial<UsageLimits>;
    messenger?: Messenger;
    escalation?: CopilotDependencies['escalation'];
    clock?: ManualClock;
    groups?: GroupResolver;
    lessons?: LessonCatalog;
    tracer?: Tracer;
  } = {},
): Promise<TestCore> {
  const dir = mkdtempSync(join(tmpdir(), 'lumen-core-'));
  const store = await openStore({ sqlitePath: join(dir, 'lumen.db') });
  const index = options.index ?? LocalIndex.open(join(dir, 'lumen.db'));
  const clock = options.clock ?? new ManualClock();
  const outbox = new OutboxMessenger(store.outbox, clock);
  const copilot = createCopilot({
    index,
    model: options.model ?? new ExtractiveModel(),
    store,
    messenger: options.messenger ?? new ChannelMessenger({ web: outbox, cli: outbox }),
    clock,
    admins: options.admins ?? [],
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.storeConversationText === undefined
      ? {}
      : { storeConversationText: options.storeConversationText }),
    ...(options.escalation ? { escalation: options.escalation } : {}),
    ...(options.groups ? { groups: options.groups } : {}),
    ...(options.tracer ? { tracer: options.tracer } : {}),
    lessons: options.lessons ?? loadLessonCatalog([BUILT_IN_LESSONS_DIR]),
  });
  return {
    copilot,
    index,
    store,
    clock,
    dir,
    async close() {
      await index.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An index whose every call fails the way a lost disk or search service would. */
export function unreachableIndex(cause: Error): KnowledgeIndex {
  const fail = async (): Promise<never> => {
    throw cause;
  };
  return {
    name: 'unreachable',
    search: fail,
    replaceDocument: fail,
    deleteDocuments: fail,
    listDocuments: fail,
    getDocument: fail,
    stats: fail,
    check: async () => ({ name: 'unreachable', ok: false, detail: cause.message }),
    close: async () => {},
  };
}

/** A messenger that keeps every delivery, standing in for a channel's proactive messages. */
export class RecordingMessenger implements Messenger {
  readonly deliveries: { target: DeliveryTarget; reply: Reply }[] = [];
  // biome-ignore lint/suspicious/noConfusingVoidType: a messenger that cannot say where a message went returns nothing
  async deliver(target: DeliveryTarget, reply: Reply): Promise<Delivered | void> {
    this.deliveries.push({ target, reply });
  }
}
