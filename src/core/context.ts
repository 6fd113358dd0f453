import type { QueryExpander } from '../text/expansion/index.js';
import { DEFAULT_EVIDENCE_POLICY, type EvidencePolicy } from './ask/evidence.js';
import type { AnsweringSwitch } from './governance/answering-switch.js';
import type { AuditTrail } from './governance/audit.js';
import type { PiiMasker } from './governance/pii.js';
import type { UsageGuard } from './governance/usage-limits.js';
import type { Principal } from './knowledge-types.js';
import type { ChatModel, Clock, KnowledgeIndex, Logger, Messenger, Store, Tracer } from './ports.js';

/** Tunables of the ask flow. */
export interface AskOptions {
  /** Chunks retrieved per question. */
  top: number;
  /** Chunks handed to the model as numbered sources. */
  maxSources: number;
  /** Earlier turns of the conversation used for follow-ups. */
  historyTurns: number;
  evidence: EvidencePolicy;
}

export const DEFAULT_ASK_OPTIONS: AskOptions = {
  top: 8,
  maxSources: 5,
  historyTurns: 6,
  evidence: DEFAULT_EVIDENCE_POLICY,
};

/** Everything the core's handlers share: the ports and the policy. */
export interface CopilotContext {
  index: KnowledgeIndex;
  model: ChatModel;
  store: Store;
  messenger: Messenger;
  clock: Clock;
  log: Logger;
  /** Marks retrieval and model calls in the traces. */
  tracer: Tracer;
  audit: AuditTrail;
  admins: readonly Principal[];
  /** Key for pseudonymized exports from chat; without it they are refused there. */
  pseudonymSecret?: () => string;
  ask: AskOptions;
  /** The words employees use for what the sources name otherwise, for finding the answering passage. */
  expander: QueryExpander;
  /** Masks personal data in what people type before it is searched, sent to a model or stored. */
  pii: PiiMasker;
  /** False: questions and answers are not stored, only their metadata (who, when, sources, timings). */
  storeConversationText: boolean;
  /** The admins' pause switch for answering. */
  answering: AnsweringSwitch;
  /** Per-person question rate and daily model-token budget. */
  usage: UsageGuard;
}
