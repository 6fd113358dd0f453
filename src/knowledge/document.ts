/** A principal allowed to read content: `everyone`, `user:<id or email>`, or `group:<name>`. */
export type Principal = string;

/** The principal every reader has; content readable by anyone carries it in its ACL. */
export const EVERYONE: Principal = 'everyone';

/** The system a document came from. */
export type SourceSystem = 'folder' | 'sharepoint' | 'confluence' | 'curated';

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

/** The unit the knowledge index stores and retrieves. */
export interface Chunk {
  /** Stable id: document id plus ordinal. */
  id: string;
  documentId: string;
  source: SourceSystem;
  title: string;
  /** Link to open, with `#page=N` for PDF pages. */
  url: string;
  /** Short citation label: the document path plus page anchor, e.g. `employee_handbook.pdf#page=4`. */
  location: string;
  page?: number;
  /** For a passage that runs over page breaks: where each later page begins in `text`. */
  pageStarts?: PageStart[];
  headingPath: string[];
  text: string;
  updatedAt: string;
  /** Hash of the whole source document this chunk came from. */
  contentHash: string;
  acl: Principal[];
}

/** A page break inside a chunk's text: `page` begins at character `offset`. */
export interface PageStart {
  page: number;
  offset: number;
}
