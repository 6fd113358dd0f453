import { extname } from 'node:path';
import type { KnowledgeIndex } from '../../../core/ports.js';
import { isSupportedFile } from '../../crack/index.js';
import { DEFAULT_FILE_LIMITS, formatMegabytes } from '../../file-limits.js';
import type { ChangeBatch } from '../../sync/apply-changes.js';
import type { ConfluenceClient } from './confluence-client.js';
import { type ConfluenceSpace, contentHash, spacePrefix, toCqlDate } from './confluence-source.js';

/** An attachment as the content search returns it with `version` and `container` expanded. */
export interface ConfluenceAttachment {
  /** `att<digits>`, distinct from page ids. */
  id: string;
  title: string;
  status?: string;
  version?: { number?: number; when?: string };
  container?: { id: string; title?: string };
  extensions?: { mediaType?: string; fileSize?: number };
  _links?: { download?: string; webui?: string };
}

/** The first attachment search URL of a space: all of them, or those changed since `since`. */
export function attachmentQuery(space: ConfluenceSpace, since?: Date): string {
  let cql = `space = "${space.key}" and type = attachment`;
  if (since) cql += ` and lastmodified >= "${toCqlDate(since)}"`;
  cql += ' order by lastmodified asc';
  return `/rest/api/content/search?cql=${encodeURIComponent(cql)}&expand=${encodeURIComponent('version,container')}&limit=50`;
}

/**
 * Turns listed attachments into changes. An attachment can be read by whoever can read
 * the page it is attached to, so it takes that page's readers as the index holds them; an
 * attachment of a page Lumen does not index is left out. PDF and DOCX (and the other types
 * Lumen cracks) are downloaded only when their version or readers changed.
 */
export async function attachmentChanges(
  client: ConfluenceClient,
  space: ConfluenceSpace,
  items: readonly ConfluenceAttachment[],
  index: KnowledgeIndex,
  maxBytes = DEFAULT_FILE_LIMITS.maxFileBytes,
): Promise<ChangeBatch> {
  const batch: ChangeBatch = { upserts: [], deletes: [], skipped: [] };
  for (const item of items) {
    const id = `${spacePrefix(space)}${item.id}`;
    const path = `${space.key}/${item.container?.title ?? item.container?.id ?? ''}/${item.title}`;
    if (item.status && item.status !== 'current') {
      batch.deletes.push(id);
      continue;
    }
    if (!isSupportedFile(item.title)) {
      batch.skipped.push({
        path,
        reason: `unsupported file type ${extname(item.title).toLowerCase() || '(no extension)'}`,
      });
      continue;
    }
    const size = item.extensions?.fileSize ?? 0;
    if (size > maxBytes) {
      batch.skipped.push({
        path,
        reason: `larger than the size limit (${formatMegabytes(size)}; the limit is ${formatMegabytes(maxBytes)}, set by LUMEN_MAX_FILE_MB)`,
        kind: 'too-large',
      });
      continue;
    }
    const page = item.container
      ? await index.getDocument(`${spacePrefix(space)}${item.container.id}`)
      : undefined;
    const download = item._links?.download;
    if (!page || !download) {
      // Its page is not indexed (nobody Lumen can name may read it): neither is the attachment.
      batch.deletes.push(id);
      continue;
    }
    batch.upserts.push({
      id,
      source: 'confluence',
      path,
      url: `${client.wikiBase}${download}`,
      hash: contentHash(item.version?.number ?? 0, page.acl),
      updatedAt: item.version?.when ?? new Date(0).toISOString(),
      acl: page.acl,
      read: () => client.getBytes(download, `downloading ${path}`, path, maxBytes),
    });
  }
  return batch;
}
