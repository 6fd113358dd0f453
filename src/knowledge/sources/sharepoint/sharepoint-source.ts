import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { type Client, GraphError, ResponseType } from '@microsoft/microsoft-graph-client';
import { LumenError } from '../../../core/errors.js';
import { isSupportedFile } from '../../crack/index.js';
import type { ChangeBatch } from '../../sync/apply-changes.js';
import type { RetryPolicy } from '../../sync/retry-after.js';
import { readLimitedBody } from '../read-limited.js';
import {
  type DeltaPage,
  type DriveItem,
  drivePrefix,
  itemPath,
  type SharePointDrive,
  type SharePointSite,
} from './drive-item.js';
import { toGraphPath } from './graph-client.js';
import { readPermissionsInBatches } from './permission-batch.js';
import { type GraphPermission, permissionsToPrincipals } from './permissions.js';
import { type SitePage, sitePageToHtml } from './site-page.js';

export type { DeltaPage, DriveItem, SharePointDrive, SharePointSite } from './drive-item.js';
export { drivePrefix } from './drive-item.js';

/** The delta token is no longer valid (410 Gone, `resyncRequired`): crawl the drive again. */
export class DeltaExpiredError extends LumenError {
  constructor(driveId: string, options?: { cause?: unknown }) {
    super(
      'sharepoint.delta_expired',
      `The delta link of drive ${driveId} expired; a full crawl is needed.`,
      options,
    );
  }
}

/** A Graph call failed after retries. */
export class GraphCallError extends LumenError {
  constructor(what: string, error: unknown) {
    const status = error instanceof GraphError ? ` (HTTP ${error.statusCode} ${error.code ?? ''})` : '';
    const reason = error instanceof Error ? error.message : String(error);
    super('sharepoint.graph_failed', `Microsoft Graph failed when ${what}${status}: ${reason}`, {
      cause: error,
    });
  }
}

/** Options for reading SharePoint through Graph. */
export interface SharePointSourceOptions {
  /** Graph root the client was built with, to follow paging links (default Microsoft Graph). */
  graphUrl?: string;
  /** Files larger than this are skipped and reported (default 50 MB). */
  maxFileBytes?: number;
  /** Waits for requests Graph throttles inside a batch (the client's middleware handles the rest). */
  retry?: RetryPolicy;
}

/** What delta returns per item; `sharepointIds` is not there unless asked for. */
const DELTA_FIELDS =
  'id,name,webUrl,size,cTag,eTag,lastModifiedDateTime,deleted,file,folder,root,parentReference,sharepointIds';

/** Extensions cracked as another type: SharePoint site pages are HTML. */
const CRACK_AS: Record<string, string> = { '.aspx': '.html' };

/**
 * Reads SharePoint document libraries through Microsoft Graph: sites by URL or id, their
 * libraries, drive delta pages, item permissions and file content. It lists changes; the
 * sync decides what to keep.
 */
export class SharePointSource {
  private readonly graphUrl: string;
  private readonly maxFileBytes: number;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly client: Client,
    options: SharePointSourceOptions = {},
  ) {
    this.graphUrl = (options.graphUrl ?? 'https://graph.microsoft.com').replace(/\/+$/, '');
    this.maxFileBytes = options.maxFileBytes ?? 50 * 1024 * 1024;
    this.retry = options.retry ?? {};
  }

  /** A site from its URL (`https://contoso.sharepoint.com/sites/hr`) or its Graph id. */
  async resolveSite(site: string): Promise<SharePointSite> {
    const path = sitePath(site);
    const found = await this.call(`resolving site ${site}`, () => this.client.api(path).get());
    return { id: found.id, name: found.displayName ?? found.name ?? site, webUrl: found.webUrl ?? site };
  }

  /** The document libraries of a site. */
  async listDrives(site: SharePointSite): Promise<SharePointDrive[]> {
    const drives: SharePointDrive[] = [];
    let link: string | undefined = `/sites/${site.id}/drives`;
    while (link) {
      const path: string = link;
      const page = await this.call(`listing libraries of ${site.name}`, () => this.client.api(path).get());
      for (const d of page.value ?? []) {
        if (d.driveType && d.driveType !== 'documentLibrary') continue;
        drives.push({ id: d.id, name: d.name ?? d.id, webUrl: d.webUrl ?? site.webUrl, site });
      }
      link = page['@odata.nextLink'] ? toGraphPath(page['@odata.nextLink'], this.graphUrl) : undefined;
    }
    return drives;
  }

  /** The first delta request of a drive: every item, ending in a fresh delta link. */
  initialDeltaLink(drive: SharePointDrive): string {
    return `/drives/${drive.id}/root/delta?$select=${DELTA_FIELDS}`;
  }

  /** One delta page; throws DeltaExpiredError when the link's token expired. */
  async deltaPage(drive: SharePointDrive, link: string): Promise<DeltaPage> {
    let page: Record<string, unknown>;
    try {
      page = await this.client
        .api(toGraphPath(link, this.graphUrl))
        // Items whose sharing changed appear in delta too, descendants inheriting the change
        // included (no `hierarchicalsharing`), so every file's readers are re-read.
        .header('Prefer', 'deltashowremovedasdeleted, deltatraversepermissiongaps, deltashowsharingchanges')
        .get();
    } catch (error) {
      if (error instanceof GraphError && (error.statusCode === 410 || error.code === 'resyncRequired')) {
        throw new DeltaExpiredError(drive.id, { cause: error });
      }
      throw new GraphCallError(`reading changes of library ${drive.name}`, error);
    }
    const nextLink = page['@odata.nextLink'];
    const deltaLink = page['@odata.deltaLink'];
    return {
      items: (page.value as DriveItem[] | undefined) ?? [],
      ...(typeof nextLink === 'string' ? { nextLink } : {}),
      ...(typeof deltaLink === 'string' ? { deltaLink } : {}),
    };
  }

  /** The index id of an item. */
  documentId(drive: SharePointDrive, itemId: string): string {
    return `${drivePrefix(drive)}${itemId}`;
  }

  /**
   * Turns delta items into changes: files to (re)index with their permissions, deleted
   * items to remove, and files left out with the reason. Folders are structure only.
   */
  async toChanges(
    drive: SharePointDrive,
    listed: readonly DriveItem[],
    now = new Date(),
  ): Promise<ChangeBatch> {
    const batch: ChangeBatch = { upserts: [], deletes: [], skipped: [] };
    // An item may appear more than once in a delta feed; its last occurrence is its state.
    const items = [...new Map(listed.map((item) => [item.id, item])).values()];
    const wanted = items.filter(
      (i) =>
        !i.deleted &&
        i.file &&
        !i.root &&
        (CRACK_AS[extname(i.name ?? '').toLowerCase()] || isSupportedFile(i.name ?? '')) &&
        (i.size ?? 0) <= this.maxFileBytes,
    );
    const permissionsOf = await readPermissionsInBatches(
      this.client,
      this.graphUrl,
      drive.id,
      wanted.map((i) => i.id),
      this.retry,
    );
    for (const item of items) {
      if (item.deleted) {
        batch.deletes.push(this.documentId(drive, item.id));
        continue;
      }
      if (!item.file || item.root) continue;
      const path = itemPath(drive, item);
      const extension = extname(item.name ?? '').toLowerCase();
      const crackAs = CRACK_AS[extension];
      if (!crackAs && !isSupportedFile(item.name ?? '')) {
        batch.skipped.push({ path, reason: `unsupported file type ${extension || '(no extension)'}` });
        continue;
      }
      if ((item.size ?? 0) > this.maxFileBytes) {
        batch.skipped.push({
          path,
          reason: `larger than the size limit (${formatBytes(item.size ?? 0)}; the limit is ${formatBytes(this.maxFileBytes)})`,
        });
        continue;
      }
      const permissions = permissionsOf.get(item.id) ?? new Error('permissions were not read');
      if (permissions instanceof Error) {
        batch.skipped.push({ path, reason: permissions.message });
        continue;
      }
      const acl = permissionsToPrincipals(permissions, now);
      if (acl.length === 0) {
        // Its earlier version must not stay readable by whoever could read it before.
        batch.skipped.push({ path, reason: 'no permission Lumen can map grants read access' });
        batch.deletes.push(this.documentId(drive, item.id));
        continue;
      }
      // A site page's text changes without its stub file changing; its eTag changes with any edit.
      const version =
        extension === '.aspx'
          ? (item.eTag ?? item.cTag)
          : (item.file.hashes?.quickXorHash ?? item.file.hashes?.sha256Hash ?? item.cTag ?? item.eTag);
      batch.upserts.push({
        id: this.documentId(drive, item.id),
        source: 'sharepoint',
        path,
        url: item.webUrl ?? drive.webUrl,
        hash: createHash('sha256')
          // The link counts too: a renamed or moved file gets its new path and link.
          .update(`${version ?? item.lastModifiedDateTime ?? ''}\0${acl.join(',')}\0${item.webUrl ?? ''}`)
          .digest('hex'),
        updatedAt: item.lastModifiedDateTime ?? now.toISOString(),
        acl,
        ...(crackAs ? { crackAs } : {}),
        read: () => {
          // A modern site page's file is a stub; its text lives in the page's web parts.
          const pageId = item.sharepointIds?.listItemUniqueId;
          return extension === '.aspx' && pageId
            ? this.sitePageHtml(drive.site, pageId, path)
            : this.download(drive, item.id, path);
        },
      });
    }
    return batch;
  }

  /** An item's permissions, its own and inherited, across pages. */
  async permissions(drive: SharePointDrive, itemId: string): Promise<GraphPermission[]> {
    const all: GraphPermission[] = [];
    let link: string | undefined = `/drives/${drive.id}/items/${itemId}/permissions`;
    while (link) {
      const path: string = link;
      const page = await this.call(`reading permissions of item ${itemId}`, () =>
        this.client.api(path).get(),
      );
      all.push(...(page.value ?? []));
      link = page['@odata.nextLink'] ? toGraphPath(page['@odata.nextLink'], this.graphUrl) : undefined;
    }
    return all;
  }

  /**
   * A file's bytes; Graph answers with the bytes or a redirect to a download URL. A body over
   * the size limit is refused while it streams in, whatever the listing said its size was.
   */
  async download(drive: SharePointDrive, itemId: string, path: string): Promise<Buffer> {
    const what = `downloading ${path}`;
    const response: Response = await this.call(what, () =>
      this.client.api(`/drives/${drive.id}/items/${itemId}/content`).responseType(ResponseType.RAW).get(),
    );
    if (!response.ok) {
      const body = await response.text().catch(() => '');
      throw new GraphCallError(
        what,
        new Error(`HTTP ${response.status}${body ? `: ${body.slice(0, 200)}` : ''}`),
      );
    }
    return readLimitedBody(response, path, this.maxFileBytes);
  }

  /** A site page as HTML: its title, description and the HTML of its text web parts. */
  async sitePageHtml(site: SharePointSite, pageId: string, path: string): Promise<Buffer> {
    const page: SitePage = await this.call(`reading site page ${path}`, () =>
      this.client
        .api(`/sites/${site.id}/pages/${pageId}/microsoft.graph.sitePage?$expand=canvasLayout`)
        .get(),
    );
    return Buffer.from(sitePageToHtml(page, path));
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new GraphCallError(what, error);
    }
  }
}

function sitePath(site: string): string {
  if (!/^https?:\/\//i.test(site)) return `/sites/${site}`;
  const url = new URL(site);
  const path = url.pathname.replace(/\/+$/, '');
  return path === '' ? `/sites/${url.hostname}` : `/sites/${url.hostname}:${path}`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
