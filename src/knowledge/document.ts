import type { Principal, SourceSystem } from '../core/knowledge-types.js';

// The chunk and permission words are the core's; re-exported here for the knowledge layer.
export {
  type Chunk,
  EVERYONE,
  type PageStart,
  type Principal,
  type SourceSystem,
} from '../core/knowledge-types.js';

/**
 * A document as a source lists it, before it is cracked: enough to decide whether it
 * changed (`hash`) and to read its bytes when it did.
 */
export interface SourceDocument {
  /** Stable id across syncs, e.g. `folder:handbook/leave.md`. */
  id: string;
  source: SourceSystem;
  /** Path relative to the source root (folder) or a display path; used for citation labels. */
  path: string;
  /** Link a reader can open (without page anchor). */
  url: string;
  /** Hash of the bytes and of the permissions; unchanged hash means nothing to re-index. */
  hash: string;
  updatedAt: string;
  /** Principals allowed to read it; `['everyone']` when unrestricted. */
  acl: Principal[];
  /** Title given by the source (front matter, sidecar), if any. */
  title?: string;
  /** Extension to crack the bytes as (e.g. `.html`) when `path` has none or another one. */
  crackAs?: string;
  read(): Promise<Buffer>;
}

/** One readable part of a cracked document: a heading's text or a PDF page. */
export interface Section {
  headingPath: string[];
  text: string;
  /** 1-based page number for paged formats (PDF). */
  page?: number;
}

/** What a cracker extracts from a file. */
export interface CrackedDocument {
  title: string;
  sections: Section[];
  /** Metadata found inside the file (front matter), e.g. `acl`, `title`. */
  metadata?: Record<string, unknown>;
}
