import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The account the stand-in accepts (Cloud basic auth). */
export const CONFLUENCE_TEST_AUTH = { email: 'bot@contoso.com', apiToken: 'confluence-test-token' };

/** The personal access token the stand-in accepts in Data Center mode. */
export const CONFLUENCE_TEST_PAT = 'confluence-test-pat';

interface StandInSpace {
  id: string;
  key: string;
  name: string;
  /** Read permissions: users by account id, groups by id. */
  readers: { type: 'user' | 'group' | 'role'; id: string }[];
}

interface StandInPage {
  id: string;
  type: 'page' | 'blogpost';
  spaceKey: string;
  title: string;
  body: string;
  version: number;
  when: string;
  parentId?: string;
  restrictions: { users: string[]; groups: string[] };
  trashed: boolean;
}

interface StandInAttachment {
  id: string;
  pageId: string;
  title: string;
  bytes: Buffer;
  version: number;
  when: string;
  deleted: boolean;
}

/** A request the stand-in served. */
export interface ConfluenceRequest {
  path: string;
  status: number;
}

type Sent = 'sent';

/**
 * A local HTTP server speaking the Confluence Cloud REST wire format the connector uses:
 * `/wiki/api/v2/spaces` and space permissions with `_links.next` cursors,
 * `/wiki/rest/api/content/search` with CQL (space, type, lastmodified) and cursor paging,
 * expansions for body, version, ancestors and read restrictions,
 * `/restriction/byOperation/read`, user and group lookups, and 429 with Retry-After.
 */
export class ConfluenceStandIn {
  readonly requests: ConfluenceRequest[] = [];
  pageSize = 25;
  url = '';
  private readonly spaces: StandInSpace[] = [];
  private readonly pages = new Map<string, StandInPage>();
  private readonly attachments = new Map<string, StandInAttachment>();
  private readonly emails = new Map<string, string>();
  private readonly groups = new Map<string, string>();
  private hold: { match: RegExp; left: number; arrived: () => void } | undefined;
  private readonly held: ServerResponse[] = [];
  private throttles: { match: RegExp; retryAfter: string }[] = [];
  private nextId = 1000;
  private clock = Date.UTC(2026, 10, 1, 9, 0, 0);
  private server: Server | undefined;
  /** `/wiki` on Cloud; Data Center here runs under a `/confluence` context path. */
  readonly context: string;

  /** Data Center mode: bearer token, v1 space and space permission APIs, no v2. */
  constructor(private readonly mode: { dataCenter?: boolean } = {}) {
    this.context = mode.dataCenter ? '/confluence' : '/wiki';
  }

  /** The base URL to configure: the site on Cloud, the root with its context on Data Center. */
  get baseUrl(): string {
    return this.mode.dataCenter ? `${this.url}${this.context}` : this.url;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    const port = await new Promise<number>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', () => resolve((this.server!.address() as AddressInfo).port));
    });
    this.url = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  addUser(accountId: string, email: string): void {
    this.emails.set(accountId, email);
  }

  addGroup(id: string, name: string): void {
    this.groups.set(id, name);
  }

  addSpace(key: string, readers: StandInSpace['readers']): void {
    this.spaces.push({ id: String(this.spaces.length + 1), key, name: `${key} space`, readers });
  }

  /** Adds or edits a page (a new version, modified an hour after the previous change). */
  putPage(
    spaceKey: string,
    title: string,
    body: string,
    options: {
      id?: string;
      parentId?: string;
      type?: 'page' | 'blogpost';
      groups?: string[];
      users?: string[];
    } = {},
  ): string {
    const existing = options.id ? this.pages.get(options.id) : undefined;
    const id = existing?.id ?? String(this.nextId++);
    this.clock += 3600_000;
    this.pages.set(id, {
      id,
      type: options.type ?? existing?.type ?? 'page',
      spaceKey,
      title,
      body,
      version: (existing?.version ?? 0) + 1,
      when: new Date(this.clock).toISOString(),
      ...((options.parentId ?? existing?.parentId)
        ? { parentId: options.parentId ?? existing?.parentId }
        : {}),
      restrictions: existing?.restrictions ?? { users: options.users ?? [], groups: options.groups ?? [] },
      trashed: false,
    });
    return id;
  }

  /** Changes a page's read restriction; like Confluence, this does not change last-modified. */
  restrict(id: string, restrictions: { users?: string[]; groups?: string[] }): void {
    const page = this.pages.get(id)!;
    page.restrictions = { users: restrictions.users ?? [], groups: restrictions.groups ?? [] };
  }

  /** Adds or replaces an attachment of a page (a new version, an hour after the last change). */
  attach(pageId: string, title: string, bytes: Buffer | string): string {
    const existing = [...this.attachments.values()].find(
      (a) => a.pageId === pageId && a.title === title && !a.deleted,
    );
    const id = existing?.id ?? `att${this.nextId++}`;
    this.clock += 3600_000;
    this.attachments.set(id, {
      id,
      pageId,
      title,
      bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes),
      version: (existing?.version ?? 0) + 1,
      when: new Date(this.clock).toISOString(),
      deleted: false,
    });
    return id;
  }

  removeAttachment(id: string): void {
    this.attachments.get(id)!.deleted = true;
  }

  /** Moves a page to another space; like Confluence, its version and last-modified stay. */
  move(id: string, spaceKey: string): void {
    this.pages.get(id)!.spaceKey = spaceKey;
  }

  trash(id: string): void {
    this.pages.get(id)!.trashed = true;
  }

  /**
   * Leaves the `nth` (1-based) request whose path and query match unanswered; resolves
   * once it has arrived. `releaseHeld` then drops the connection.
   */
  holdRequest(match: RegExp, nth = 1): Promise<void> {
    return new Promise((arrived) => {
      this.hold = { match, left: nth, arrived };
    });
  }

  releaseHeld(): void {
    for (const res of this.held.splice(0)) res.destroy();
  }

  throttleNext(match: RegExp, retryAfter = '3'): void {
    this.throttles.push({ match, retryAfter });
  }

  count(match: RegExp): number {
    return this.requests.filter((r) => match.test(r.path)).length;
  }

  private handle(req: IncomingMessage, res: ServerResponse): Sent {
    const url = new URL(req.url ?? '/', this.url);
    const path = url.pathname;
    if (this.hold?.match.test(`${path}${url.search}`) && --this.hold.left === 0) {
      const { arrived } = this.hold;
      this.hold = undefined;
      this.held.push(res);
      arrived();
      return 'sent';
    }
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): Sent => {
      this.requests.push({ path: `${path}${url.search}`, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      return 'sent';
    };
    const expected = this.mode.dataCenter
      ? `Bearer ${CONFLUENCE_TEST_PAT}`
      : `Basic ${Buffer.from(`${CONFLUENCE_TEST_AUTH.email}:${CONFLUENCE_TEST_AUTH.apiToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return send(401, { message: 'Unauthorized' });
    if (!path.startsWith(`${this.context}/`)) return send(404, { message: 'Not found' });
    const local = path.slice(this.context.length);
    const throttle = this.throttles.findIndex((t) => t.match.test(path));
    if (throttle >= 0) {
      const t = this.throttles.splice(throttle, 1)[0]!;
      return send(429, { message: 'Rate limit exceeded' }, { 'Retry-After': t.retryAfter });
    }

    if (this.mode.dataCenter) {
      const dcSpace = /^\/rest\/api\/space\/([^/]+)(\/permissions)?$/.exec(local);
      if (dcSpace) {
        const space = this.spaces.find((s) => s.key === dcSpace[1]);
        if (!space) return send(404, { message: 'No space' });
        if (!dcSpace[2]) return send(200, { id: Number(space.id), key: space.key, name: space.name });
        return send(
          200,
          space.readers.flatMap((r) => [
            {
              operation: { targetType: 'space', operationKey: 'read' },
              subject:
                r.type === 'group'
                  ? { type: 'group', name: this.groups.get(r.id) }
                  : { type: 'user', userKey: r.id },
              spaceKey: space.key,
            },
            {
              operation: { targetType: 'page', operationKey: 'create' },
              subject: { type: 'group', name: 'confluence-administrators' },
              spaceKey: space.key,
            },
          ]),
        );
      }
      if (local === '/rest/api/user') {
        const key = url.searchParams.get('key') ?? '';
        const email = this.emails.get(key);
        return email
          ? send(200, { type: 'known', userKey: key, username: email.split('@')[0] })
          : send(404, { message: 'No user' });
      }
    } else if (local === '/api/v2/spaces') {
      const keys = (url.searchParams.get('keys') ?? '').split(',');
      return send(200, {
        results: this.spaces.filter((s) => keys.includes(s.key)).map(({ readers: _r, ...s }) => s),
        _links: {},
      });
    }
    const permissions = this.mode.dataCenter ? null : /^\/api\/v2\/spaces\/(\d+)\/permissions$/.exec(local);
    if (permissions) {
      const space = this.spaces.find((s) => s.id === permissions[1]);
      if (!space) return send(404, { message: 'No space' });
      // Two per page, to exercise the v2 cursor; non-read permissions mixed in as Confluence does.
      const all = space.readers.flatMap((r, i) => [
        { id: `${i}r`, principal: r, operation: { key: 'read', targetType: 'space' } },
        { id: `${i}c`, principal: r, operation: { key: 'create', targetType: 'page' } },
      ]);
      const offset = Number(url.searchParams.get('cursor') ?? 0);
      const next =
        offset + 2 < all.length
          ? `/wiki/api/v2/spaces/${space.id}/permissions?cursor=${offset + 2}`
          : undefined;
      return send(200, { results: all.slice(offset, offset + 2), _links: next ? { next } : {} });
    }
    if (local === '/rest/api/content/search') return this.search(url, send);
    const download = /^\/download\/attachments\/(\d+)\/([^/]+)$/.exec(local);
    if (download) {
      const a = [...this.attachments.values()].find(
        (x) => x.pageId === download[1] && x.title === decodeURIComponent(download[2]!) && !x.deleted,
      );
      if (!a) return send(404, { message: 'No attachment' });
      this.requests.push({ path: `${path}${url.search}`, status: 200 });
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(a.bytes);
      return 'sent';
    }
    const restriction = /^\/rest\/api\/content\/(\d+)\/restriction\/byOperation\/read$/.exec(local);
    if (restriction) {
      const page = this.pages.get(restriction[1]!);
      if (!page || page.trashed) return send(404, { message: 'No content' });
      return send(200, { operation: 'read', ...this.restrictionOf(page) });
    }
    const content = /^\/rest\/api\/content\/(\d+)$/.exec(local);
    if (content) {
      const page = this.pages.get(content[1]!);
      if (!page || page.trashed) return send(404, { message: 'No content' });
      return send(200, this.toContent(page, true));
    }
    if (local === '/rest/api/user') {
      const email = this.emails.get(url.searchParams.get('accountId') ?? '');
      return email
        ? send(200, { accountId: url.searchParams.get('accountId'), email })
        : send(404, { message: 'No user' });
    }
    if (local === '/rest/api/group/by-id') {
      const name = this.groups.get(url.searchParams.get('id') ?? '');
      return name ? send(200, { id: url.searchParams.get('id'), name }) : send(404, { message: 'No group' });
    }
    return send(400, { message: `The stand-in does not serve ${path}` });
  }

  private search(url: URL, send: (status: number, body: unknown) => Sent): Sent {
    const cql = url.searchParams.get('cql') ?? '';
    const space = /space = "([^"]+)"/.exec(cql)?.[1];
    const since = /lastmodified >= "(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2})"/.exec(cql);
    const sinceMs = since
      ? Date.UTC(Number(since[1]), Number(since[2]) - 1, Number(since[3]), Number(since[4]), Number(since[5]))
      : 0;
    const withBody = (url.searchParams.get('expand') ?? '').includes('body.storage');
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 25), this.pageSize);
    const offset = Number(url.searchParams.get('cursor') ?? 0);
    let all: unknown[];
    if (cql.includes('type = attachment')) {
      all = [...this.attachments.values()]
        .filter((a) => {
          const page = this.pages.get(a.pageId);
          return (
            page && !page.trashed && !a.deleted && page.spaceKey === space && Date.parse(a.when) >= sinceMs
          );
        })
        .sort((a, b) => Date.parse(a.when) - Date.parse(b.when))
        .map((a) => this.toAttachment(a));
    } else {
      all = [...this.pages.values()]
        .filter((p) => !p.trashed && p.spaceKey === space && Date.parse(p.when) >= sinceMs)
        .sort((a, b) => Date.parse(a.when) - Date.parse(b.when) || Number(a.id) - Number(b.id))
        .map((p) => this.toContent(p, withBody));
    }
    const matches = all;
    const results = matches.slice(offset, offset + limit);
    const links: Record<string, string> = { base: `${this.url}${this.context}`, context: this.context };
    if (offset + limit < matches.length) {
      const next = new URLSearchParams(url.searchParams);
      next.set('cursor', String(offset + limit));
      links.next = `/rest/api/content/search?${next.toString()}`;
    }
    return send(200, { results, start: offset, limit, size: results.length, _links: links });
  }

  private toAttachment(a: StandInAttachment) {
    const page = this.pages.get(a.pageId)!;
    return {
      id: a.id,
      type: 'attachment',
      status: 'current',
      title: a.title,
      version: { number: a.version, when: a.when },
      container: { id: page.id, type: page.type, title: page.title },
      extensions: { mediaType: 'application/octet-stream', fileSize: a.bytes.length },
      _links: {
        download: `/download/attachments/${page.id}/${encodeURIComponent(a.title)}?version=${a.version}&api=v2`,
        webui: `/pages/viewpageattachments.action?pageId=${page.id}`,
      },
    };
  }

  private ancestorsOf(page: StandInPage): { id: string }[] {
    const chain: { id: string }[] = [];
    let parent = page.parentId ? this.pages.get(page.parentId) : undefined;
    while (parent) {
      chain.unshift({ id: parent.id });
      parent = parent.parentId ? this.pages.get(parent.parentId) : undefined;
    }
    return chain;
  }

  private restrictionOf(page: StandInPage) {
    return {
      restrictions: {
        user: {
          // Cloud leaves email out of restrictions; it is read from the user API when visible.
          results: page.restrictions.users.map((id) =>
            this.mode.dataCenter
              ? { type: 'known', userKey: id, username: this.emails.get(id)?.split('@')[0] ?? id }
              : { type: 'known', accountId: id, email: '' },
          ),
          size: page.restrictions.users.length,
        },
        group: {
          results: page.restrictions.groups.map((name) => ({ type: 'group', name, id: `gid-${name}` })),
          size: page.restrictions.groups.length,
        },
      },
    };
  }

  private toContent(page: StandInPage, withBody: boolean) {
    return {
      id: page.id,
      type: page.type,
      status: 'current',
      title: page.title,
      space: { key: page.spaceKey },
      version: { number: page.version, when: page.when },
      ancestors: this.ancestorsOf(page),
      ...(withBody ? { body: { storage: { value: page.body, representation: 'storage' } } } : {}),
      restrictions: { read: { operation: 'read', ...this.restrictionOf(page) } },
      _links: { webui: `/spaces/${page.spaceKey}/pages/${page.id}`, tinyui: `/x/${page.id}` },
    };
  }
}
