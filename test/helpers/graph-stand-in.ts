import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphPermission } from '../../src/knowledge/sources/sharepoint/permissions.js';

/** What a route handler returns once it has answered. */
type Sent = 'sent';
const SENT: Sent = 'sent';

/** The bearer token the stand-in accepts. */
export const GRAPH_TEST_TOKEN = 'graph-test-token';

interface StandInItem {
  id: string;
  name: string;
  folder: string;
  content: Buffer;
  permissions: GraphPermission[];
  version: number;
  changedSeq: number;
  /** Last change was to sharing only; `inherited` when it came from a parent folder. */
  sharingChange?: 'own' | 'inherited';
  deleted: boolean;
  modified: string;
  /** A modern site page: its title and the HTML of its text web parts. */
  page?: { title: string; parts: string[]; uniqueId: string };
  /** The size listings claim, when it is not the content's (a file that grew, or a lying server). */
  listedSize?: number;
}

interface StandInDrive {
  id: string;
  name: string;
  items: Map<string, StandInItem>;
}

/** A request the stand-in served, for assertions and call counts. */
export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  authorized: boolean;
  /** A request that arrived inside a `$batch` call rather than as its own HTTP request. */
  batched?: boolean;
}

/**
 * A local HTTP server that speaks the Microsoft Graph v1.0 wire format for what the
 * SharePoint connector uses: site lookup by `host:/path`, a site's drives, drive delta
 * with `@odata.nextLink` / `@odata.deltaLink` paging, `410 resyncRequired` for expired
 * tokens, item permissions, `/content` answered with a 302 to a second (download) server,
 * throttling with `Retry-After`, and `/users/{id}/transitiveMemberOf`.
 */
export class GraphStandIn {
  readonly requests: LoggedRequest[] = [];
  readonly downloads: { path: string; authorization: string | undefined }[] = [];
  pageSize = 50;
  /** Permissions per page of an item's permission list. */
  permissionPageSize = 100;
  /** Items whose permissions Graph refuses to show (403). */
  readonly refused = new Set<string>();
  readonly site = {
    id: 'contoso.sharepoint.com,site-1,web-1',
    name: 'HR',
    host: 'contoso.sharepoint.com',
    path: '/sites/hr',
  };
  private readonly drives = new Map<string, StandInDrive>();
  private readonly memberships = new Map<string, string[]>();
  private readonly mails = new Map<string, string>();
  private readonly groupNames = new Map<string, string>();
  private seq = 1;
  private nextId = 1;
  private expiredBefore = 0;
  private readonly preferOf = new Map<string, string>();
  private throttles: { status: number; retryAfter?: string; match: RegExp }[] = [];
  private graph: Server | undefined;
  private files: Server | undefined;
  graphUrl = '';
  private downloadUrl = '';

  async start(): Promise<void> {
    this.graph = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/v1.0/$batch') void this.handleBatch(req, res);
      else this.handleGraph(req, res);
    });
    this.files = createServer((req, res) => this.handleDownload(req, res));
    this.graphUrl = `http://127.0.0.1:${await listen(this.graph)}`;
    this.downloadUrl = `http://127.0.0.1:${await listen(this.files)}`;
  }

  async stop(): Promise<void> {
    for (const server of [this.graph, this.files]) {
      if (!server) continue;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  addDrive(name: string): string {
    const id = `b!drive-${this.drives.size + 1}`;
    this.drives.set(id, { id, name, items: new Map() });
    return id;
  }

  /** Deletes a whole document library. */
  removeDrive(id: string): void {
    this.drives.delete(id);
  }

  /** Adds or replaces a file; returns its item id. */
  putFile(
    driveId: string,
    name: string,
    content: string | Buffer,
    permissions: GraphPermission[],
    folder = '',
  ): string {
    const drive = this.drive(driveId);
    const existing = [...drive.items.values()].find(
      (i) => i.name === name && i.folder === folder && !i.deleted,
    );
    const id = existing?.id ?? `item-${String(this.nextId++).padStart(6, '0')}`;
    drive.items.set(id, {
      id,
      name,
      folder,
      content: Buffer.isBuffer(content) ? content : Buffer.from(content),
      permissions,
      version: (existing?.version ?? 0) + 1,
      changedSeq: this.seq++,
      deleted: false,
      sharingChange: undefined,
      modified: new Date(Date.UTC(2026, 10, 1, 0, 0, this.seq)).toISOString(),
    });
    return id;
  }

  /** Adds or edits a modern site page (an `.aspx` stub whose text lives in web parts). */
  putSitePage(
    driveId: string,
    name: string,
    title: string,
    parts: string[],
    permissions: GraphPermission[],
  ): string {
    const id = this.putFile(
      driveId,
      name,
      '<%@ Page Inherits="Microsoft.SharePoint.WebPartPages.WebPartPage" %>',
      permissions,
    );
    const item = this.item(driveId, id);
    item.page = { title, parts, uniqueId: `page-${id}` };
    return id;
  }

  /** Makes listings claim `size` bytes for an item, whatever its content is. */
  claimSize(driveId: string, itemId: string, size: number): void {
    this.drive(driveId).items.get(itemId)!.listedSize = size;
  }

  /** Changes who may read an item without touching its content. */
  setPermissions(driveId: string, itemId: string, permissions: GraphPermission[]): void {
    const item = this.item(driveId, itemId);
    item.permissions = permissions;
    item.changedSeq = this.seq++;
    item.sharingChange = 'own';
  }

  /**
   * Changes the permissions of a folder: every file in it inherits the change. Like Graph,
   * delta returns those files only when asked for sharing changes, and not with
   * `Prefer: hierarchicalsharing` (which reports the folder alone).
   */
  setFolderPermissions(driveId: string, folder: string, permissions: GraphPermission[]): void {
    const seq = this.seq++;
    for (const item of this.drive(driveId).items.values()) {
      if (item.deleted || (item.folder !== folder && !item.folder.startsWith(`${folder}/`))) continue;
      item.permissions = permissions.map((p) => ({ ...p, inheritedFrom: { id: `folder:${folder}` } }));
      item.changedSeq = seq;
      item.sharingChange = 'inherited';
    }
  }

  /** Renames a file: a new name and link, the same content (and content hash). */
  renameFile(driveId: string, itemId: string, name: string): void {
    const item = this.item(driveId, itemId);
    item.name = name;
    item.changedSeq = this.seq++;
  }

  deleteFile(driveId: string, itemId: string): void {
    const item = this.item(driveId, itemId);
    item.deleted = true;
    item.changedSeq = this.seq++;
    item.sharingChange = undefined;
  }

  /** Every delta token issued so far stops working (410 resyncRequired). */
  expireDeltaTokens(): void {
    this.expiredBefore = this.seq;
  }

  /** The next request whose path matches answers `status` with `Retry-After`. */
  throttleNext(match: RegExp, status = 429, retryAfter: string | undefined = '2'): void {
    this.throttles.push({ status, match, ...(retryAfter === undefined ? {} : { retryAfter }) });
  }

  /** A person's groups, by object id (and UPN); `mail` finds them through `$filter`. */
  setGroups(userId: string, groupIds: string[], mail?: string, names: Record<string, string> = {}): void {
    this.memberships.set(userId.toLowerCase(), groupIds);
    if (mail) this.mails.set(mail.toLowerCase(), userId);
    for (const [id, name] of Object.entries(names)) this.groupNames.set(id, name);
  }

  /** Requests served whose path matches. */
  count(match: RegExp): number {
    return this.requests.filter((r) => match.test(r.path)).length;
  }

  private drive(id: string): StandInDrive {
    const drive = this.drives.get(id);
    if (!drive) throw new Error(`no drive ${id}`);
    return drive;
  }

  private item(driveId: string, itemId: string): StandInItem {
    const item = this.drive(driveId).items.get(itemId);
    if (!item) throw new Error(`no item ${itemId}`);
    return item;
  }

  private handleGraph(req: IncomingMessage, res: ServerResponse): Sent {
    const url = new URL(req.url ?? '/', this.graphUrl);
    const path = decodeURIComponent(url.pathname);
    const authorized = req.headers.authorization === `Bearer ${GRAPH_TEST_TOKEN}`;
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}): Sent => {
      this.requests.push({ method: req.method ?? 'GET', path: `${path}${url.search}`, status, authorized });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
      return SENT;
    };
    const fail = (status: number, code: string, message: string) =>
      send(status, { error: { code, message } });
    if (!authorized) return fail(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    const throttle = this.throttles.findIndex((t) => t.match.test(path));
    if (throttle >= 0) {
      const t = this.throttles.splice(throttle, 1)[0]!;
      return send(
        t.status,
        {
          error: {
            code: t.status === 429 ? 'TooManyRequests' : 'serviceNotAvailable',
            message: 'Slow down.',
          },
        },
        t.retryAfter === undefined ? {} : { 'Retry-After': t.retryAfter },
      );
    }

    if (
      path === `/v1.0/sites/${this.site.host}:${this.site.path}` ||
      path === `/v1.0/sites/${this.site.id}`
    ) {
      return send(200, {
        id: this.site.id,
        name: 'hr',
        displayName: this.site.name,
        webUrl: `https://${this.site.host}${this.site.path}`,
      });
    }
    if (path === `/v1.0/sites/${this.site.id}/drives`) {
      return send(200, {
        value: [...this.drives.values()].map((d) => ({
          id: d.id,
          name: d.name,
          driveType: 'documentLibrary',
          webUrl: `https://${this.site.host}${this.site.path}/${encodeURIComponent(d.name)}`,
        })),
      });
    }
    const delta = /^\/v1\.0\/drives\/([^/]+)\/root\/delta$/.exec(path);
    this.preferOf.set(url.toString(), String(req.headers.prefer ?? ''));
    if (delta) return this.delta(delta[1]!, url, send, fail);
    const permissions = /^\/v1\.0\/drives\/([^/]+)\/items\/([^/]+)\/permissions$/.exec(path);
    if (permissions) {
      const item = this.drives.get(permissions[1]!)?.items.get(permissions[2]!);
      if (!item || item.deleted) return fail(404, 'itemNotFound', 'The resource could not be found.');
      return send(200, this.permissionPage(permissions[1]!, item, Number(url.searchParams.get('skip') ?? 0)));
    }
    const content = /^\/v1\.0\/drives\/([^/]+)\/items\/([^/]+)\/content$/.exec(path);
    if (content) {
      const item = this.drives.get(content[1]!)?.items.get(content[2]!);
      if (!item || item.deleted) return fail(404, 'itemNotFound', 'The resource could not be found.');
      return send(302, undefined, {
        Location: `${this.downloadUrl}/download/${content[1]}/${content[2]}?v=${item.version}`,
      });
    }
    const sitePage = /^\/v1\.0\/sites\/([^/]+)\/pages\/([^/]+)\/microsoft\.graph\.sitePage$/.exec(path);
    if (sitePage) {
      const item = [...this.drives.values()]
        .flatMap((d) => [...d.items.values()])
        .find((i) => !i.deleted && i.page?.uniqueId === sitePage[2]);
      if (!item?.page) return fail(404, 'itemNotFound', 'The page could not be found.');
      const expanded = url.searchParams.get('$expand') === 'canvasLayout';
      const webparts = item.page.parts.map((innerHtml, i) => ({
        '@odata.type': '#microsoft.graph.textWebPart',
        id: `wp-${i}`,
        innerHtml,
      }));
      return send(200, {
        '@odata.type': '#microsoft.graph.sitePage',
        id: item.page.uniqueId,
        name: item.name,
        title: item.page.title,
        pageLayout: 'article',
        ...(expanded
          ? {
              canvasLayout: {
                horizontalSections: [
                  { id: '1', layout: 'oneColumn', columns: [{ id: '1', width: 12, webparts }] },
                ],
              },
            }
          : {}),
      });
    }
    if (path === '/v1.0/users') {
      const mail = /^mail eq '(.+)'$/.exec(url.searchParams.get('$filter') ?? '')?.[1]?.replace(/''/g, "'");
      const id = mail ? this.mails.get(mail.toLowerCase()) : undefined;
      return send(200, { value: id ? [{ id }] : [] });
    }
    const member = /^\/v1\.0\/users\/([^/]+)\/transitiveMemberOf(\/microsoft\.graph\.group)?$/.exec(path);
    if (member) {
      const groups = this.memberships.get(member[1]!.toLowerCase());
      if (!groups) return fail(404, 'Request_ResourceNotFound', `Resource '${member[1]}' does not exist.`);
      return send(200, {
        value: groups.map((id) => ({
          '@odata.type': '#microsoft.graph.group',
          id,
          displayName: this.groupNames.get(id) ?? id,
        })),
      });
    }
    return fail(400, 'invalidRequest', `The stand-in does not serve ${path}`);
  }

  /**
   * `POST /$batch` (JSON batching): answers each inner GET of item permissions on its own,
   * throttling included, in one response.
   */
  private async handleBatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const authorized = req.headers.authorization === `Bearer ${GRAPH_TEST_TOKEN}`;
    this.requests.push({ method: 'POST', path: '/v1.0/$batch', status: authorized ? 200 : 401, authorized });
    if (!authorized) {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"error":{"code":"InvalidAuthenticationToken"}}');
      return;
    }
    const { requests } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      requests: { id: string; method: string; url: string }[];
    };
    if (requests.length > 20) {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end('{"error":{"code":"BadRequest","message":"Too many requests in batch"}}');
      return;
    }
    const responses = requests.map(({ id, method, url }) => {
      const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        this.requests.push({ method, path: `/v1.0${url}`, status, authorized, batched: true });
        return { id, status, headers: { 'Content-Type': 'application/json', ...headers }, body };
      };
      const throttle = this.throttles.findIndex((t) => t.match.test(url));
      if (throttle >= 0) {
        const t = this.throttles.splice(throttle, 1)[0]!;
        return answer(
          t.status,
          { error: { code: 'TooManyRequests', message: 'Slow down.' } },
          t.retryAfter ? { 'Retry-After': t.retryAfter } : {},
        );
      }
      const m = /^\/drives\/([^/]+)\/items\/([^/]+)\/permissions$/.exec(url);
      const item = m ? this.drives.get(m[1]!)?.items.get(m[2]!) : undefined;
      if (item && this.refused.has(item.id)) {
        return answer(403, { error: { code: 'accessDenied', message: 'Access denied.' } });
      }
      if (!item || item.deleted)
        return answer(404, { error: { code: 'itemNotFound', message: 'Not found.' } });
      return answer(200, this.permissionPage(m![1]!, item, 0));
    });
    // Graph may answer in any order.
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ responses: responses.reverse() }));
  }

  /** One page of an item's permissions, `permissionPageSize` at a time. */
  private permissionPage(driveId: string, item: StandInItem, skip: number): Record<string, unknown> {
    const size = this.permissionPageSize;
    const value = item.permissions.slice(skip, skip + size);
    return skip + size < item.permissions.length
      ? {
          value,
          '@odata.nextLink': `${this.graphUrl}/v1.0/drives/${driveId}/items/${item.id}/permissions?skip=${skip + size}`,
        }
      : { value };
  }

  private delta(
    driveId: string,
    url: URL,
    send: (status: number, body?: unknown) => Sent,
    fail: (status: number, code: string, message: string) => Sent,
  ): Sent {
    const drive = this.drives.get(driveId);
    if (!drive) return fail(404, 'itemNotFound', 'No such drive.');
    // token: `latest` (first request) | `<since>` (delta link) | `<since>.<snapshot>.<offset>` (next page)
    const token = url.searchParams.get('token');
    const select = (url.searchParams.get('$select') ?? '').split(',').filter(Boolean);
    let since = 0;
    let snapshot = this.seq;
    let offset = 0;
    if (token) {
      const [a, b, c] = token.split('.');
      since = Number(a);
      if (b !== undefined) snapshot = Number(b);
      if (c !== undefined) offset = Number(c);
      if (since < this.expiredBefore && since > 0) {
        return fail(
          410,
          'resyncRequired',
          'Resync required. Replace any local items with the server version.',
        );
      }
    }
    const initial = since === 0;
    const prefer = (this.preferOf.get(url.toString()) ?? '').split(',').map((p) => p.trim());
    const showSharing = prefer.includes('deltashowsharingchanges');
    const hierarchical = prefer.includes('hierarchicalsharing');
    const changed = [...drive.items.values()]
      .filter((i) => (initial ? !i.deleted : i.changedSeq >= since))
      .filter(
        (i) =>
          initial || !i.sharingChange || (showSharing && !(hierarchical && i.sharingChange === 'inherited')),
      )
      .sort((a, b) => a.changedSeq - b.changedSeq || (a.id < b.id ? -1 : 1));
    const page = changed.slice(offset, offset + this.pageSize);
    const value = [
      ...(offset === 0 && initial ? [{ id: 'root', name: 'root', root: {}, folder: { childCount: 0 } }] : []),
      ...page.map((i) => this.toDriveItem(drive, i, select)),
    ];
    const base = `${this.graphUrl}/v1.0/drives/${driveId}/root/delta`;
    // Graph keeps the first request's $select in its paging and delta links.
    const keep = select.length > 0 ? `&$select=${select.join(',')}` : '';
    if (offset + this.pageSize < changed.length) {
      return send(200, {
        value,
        '@odata.nextLink': `${base}?token=${since}.${snapshot}.${offset + this.pageSize}${keep}`,
      });
    }
    return send(200, { value, '@odata.deltaLink': `${base}?token=${snapshot}${keep}` });
  }

  private toDriveItem(drive: StandInDrive, item: StandInItem, select: string[]): Record<string, unknown> {
    if (item.deleted) {
      return { id: item.id, deleted: { state: 'deleted' }, parentReference: { driveId: drive.id } };
    }
    const folderPath = item.folder ? `/${item.folder.split('/').map(encodeURIComponent).join('/')}` : '';
    return {
      id: item.id,
      name: item.name,
      size: item.listedSize ?? item.content.length,
      eTag: `"{${item.id}},${item.version}"`,
      cTag: `"c:{${item.id}},${item.version}"`,
      lastModifiedDateTime: item.modified,
      webUrl: `https://${this.site.host}${this.site.path}/${encodeURIComponent(drive.name)}${folderPath}/${encodeURIComponent(item.name)}`,
      file: {
        mimeType: 'application/octet-stream',
        hashes: { quickXorHash: `qx-${item.id}-${item.version}` },
      },
      // Like Graph's delta, no `path` in parentReference.
      parentReference: { driveId: drive.id, id: item.folder ? `folder-${item.folder}` : 'root' },
      ...(select.includes('sharepointIds')
        ? { sharepointIds: { listItemUniqueId: item.page?.uniqueId ?? `uid-${item.id}` } }
        : {}),
    };
  }

  private handleDownload(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.downloadUrl);
    const m = /^\/download\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const item = m ? this.drives.get(decodeURIComponent(m[1]!))?.items.get(m[2]!) : undefined;
    this.downloads.push({ path: url.pathname, authorization: req.headers.authorization });
    if (!item) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(item.content);
  }
}

/** A permission granting read to a user (email and Entra object id). */
export function userGrant(email: string, objectId: string): GraphPermission {
  return {
    id: `perm-user-${objectId}`,
    roles: ['read'],
    grantedToV2: { user: { id: objectId, email, displayName: email } },
  };
}

/** A permission granting read to an Entra group. */
export function groupGrant(objectId: string, inherited = false): GraphPermission {
  return {
    id: `perm-group-${objectId}`,
    roles: ['read'],
    grantedToV2: { group: { id: objectId, displayName: objectId } },
    ...(inherited ? { inheritedFrom: { id: 'root' } } : {}),
  };
}

/** A sharing link anyone in the organization can open. */
export function organizationLink(): GraphPermission {
  return { id: 'perm-link-org', roles: ['read'], link: { scope: 'organization', type: 'view' } };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
