/**
 * The words the core and the knowledge index share: who may read content and the unit the
 * index stores and retrieves. `src/knowledge` builds chunks to this shape.
 */

/** A principal allowed to read content: `everyone`, `user:<id or email>`, or `group:<name>`. */
export type Principal = string;

/** The principal every reader has; content readable by anyone carries it in its ACL. */
export const EVERYONE: Principal = 'everyone';

/** The system a document came from. */
export type SourceSystem = 'folder' | 'sharepoint' | 'confluence' | 'curated';

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
