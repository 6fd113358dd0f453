import { createHash, randomUUID } from 'node:crypto';
import { InputError, NotFoundError } from '../errors.js';
import type { AuditTrail } from '../governance/audit.js';
import type { Chunk } from '../knowledge-types.js';
import type { Clock, CuratedEntry, KnowledgeIndex, Store } from '../ports.js';

/** Document id of a curated entry in the knowledge index. */
export function curatedDocumentId(entryId: string): string {
  return `curated:${entryId}`;
}

/**
 * Turns resolved answers into curated Q&A knowledge: proposed from an escalation, used by
 * Lumen only once an owner approves it, readable only by its ACL.
 */
export class Curation {
  constructor(
    private readonly store: Store,
    private readonly index: KnowledgeIndex,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** Proposes an escalation's answer as a curated entry, waiting for an owner's approval. */
  async propose(
    escalationId: string,
    by: string,
    options: { acl?: string[]; question?: string; answer?: string } = {},
  ): Promise<CuratedEntry> {
    const escalation = await this.store.escalations.get(escalationId);
    if (!escalation) throw new NotFoundError('escalation', escalationId);
    const answer = options.answer ?? escalation.answer;
    if (escalation.status !== 'resolved' && escalation.status !== 'answered') {
      throw new InputError(
        'curation_state',
        `escalation ${escalationId} is ${escalation.status}`,
        'Only answered or resolved escalations can be promoted.',
      );
    }
    if (!answer)
      throw new InputError(
        'curation_empty',
        `escalation ${escalationId} has no answer`,
        'That escalation has no answer to promote.',
      );
    const now = this.clock.now();
    const entry: CuratedEntry = {
      id: randomUUID(),
      escalationId,
      question: options.question ?? escalation.question,
      answer,
      acl: normalizeAcl(options.acl ?? ['everyone']),
      status: 'proposed',
      proposedBy: by,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.curated.insert(entry);
    await this.audit.record(by, 'curated.proposed', entry.id, { escalationId, acl: entry.acl });
    return entry;
  }

  /** An owner approves an entry: it is indexed as a `curated` document and answers from now on. */
  /** An owner approves an entry, optionally correcting its answer or readers first. */
  async approve(
    entryId: string,
    owner: string,
    edits: { answer?: string; acl?: string[] } = {},
  ): Promise<CuratedEntry> {
    const answer = edits.answer?.trim();
    const entry = await this.review(entryId, owner, 'approved', {
      ...(answer ? { answer } : {}),
      ...(edits.acl ? { acl: normalizeAcl(edits.acl) } : {}),
    });
    const chunk = toChunk(entry);
    await this.index.replaceDocument(
      { id: chunk.documentId, path: chunk.location, hash: chunk.contentHash, acl: entry.acl },
      [chunk],
    );
    return entry;
  }

  async reject(entryId: string, owner: string): Promise<CuratedEntry> {
    const entry = await this.review(entryId, owner, 'rejected');
    await this.index.deleteDocuments([curatedDocumentId(entry.id)]);
    return entry;
  }

  async list(status?: CuratedEntry['status']): Promise<CuratedEntry[]> {
    return this.store.curated.list({ ...(status ? { status } : {}), limit: 500 });
  }

  private async review(
    entryId: string,
    owner: string,
    status: 'approved' | 'rejected',
    edits: { answer?: string; acl?: string[] } = {},
  ): Promise<CuratedEntry> {
    const entry = await this.store.curated.get(entryId);
    if (!entry) throw new NotFoundError('curated entry', entryId);
    const updated = (await this.store.curated.update(entryId, {
      ...edits,
      status,
      reviewedBy: owner,
      updatedAt: this.clock.now(),
    }))!;
    await this.audit.record(owner, `curated.${status}`, entryId, {
      escalationId: entry.escalationId,
      edited: Object.keys(edits),
    });
    return updated;
  }
}

function normalizeAcl(acl: string[]): string[] {
  const cleaned = [...new Set(acl.map((p) => p.trim().toLowerCase()).filter(Boolean))];
  for (const p of cleaned) {
    if (p !== 'everyone' && !/^(user|group):.+/.test(p)) {
      throw new InputError(
        'curation_acl',
        `bad principal ${p}`,
        `"${p}" is not a principal; use everyone, user:<email> or group:<name>.`,
      );
    }
  }
  return cleaned.length ? cleaned : ['everyone'];
}

/** Heading under which curated answers sit, above each entry's question. */
const CURATED_SECTION = 'Answers from people';

/**
 * A curated entry as one chunk: the question is its section heading and title, so asking it
 * again finds the section and the answer is quoted whole.
 */
function toChunk(entry: CuratedEntry): Chunk {
  const documentId = curatedDocumentId(entry.id);
  const text = entry.answer;
  return {
    id: `${documentId}#0`,
    documentId,
    source: 'curated',
    title: entry.question,
    url: `/curated/${entry.id}`,
    location: `curated/${entry.id.slice(0, 8)}`,
    headingPath: [CURATED_SECTION, entry.question],
    text,
    updatedAt: entry.updatedAt.toISOString(),
    contentHash: createHash('sha256')
      .update(`${entry.question}\n${text}\n${entry.acl.join(',')}`)
      .digest('hex'),
    acl: entry.acl,
  };
}
